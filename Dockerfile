# Production image: one image for web, worker and beat (the command differs).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY commerce ./commerce
COPY saleor_client ./saleor_client
COPY manage.py ./
RUN pip install . && useradd --system --home /app ocop && mkdir -p /app/var && chown ocop /app/var
USER ocop
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
