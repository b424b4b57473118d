# Production image: one image for web, worker, beat and migrate (the command differs).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY . .
# Static files (theme assets, the Be Vietnam Pro subset, admin) are collected at build time and
# served by whitenoise; media go to the volume at /app/var/media.
RUN pip install . \
 && SECRET_KEY=build DATABASE_URL=postgres://build@127.0.0.1:1/build STATIC_ROOT=/app/static python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home /app ocop && mkdir -p /app/var/media && chown -R ocop /app/var
ENV STATIC_ROOT=/app/static
USER ocop
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=4)"
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
