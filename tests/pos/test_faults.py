"""Faults: the server SIGKILLed in the middle of a batch, and an answer lost after the server
committed. The client retries the whole batch until it hears back → every sale exactly once,
one order per sale."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from commerce.order.models import Order
from pos.models import Sale

from .conftest import make_sale

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
    host = quote(db["HOST"] or "", safe="") + (f":{db['PORT']}" if db.get("PORT") else "")
    return f"postgres://{auth}@{host}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "OCOP_DEV": "1", "DB_CONN_MAX_AGE": "0", "POS_RATE_LIMIT_SYNC": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "300"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/pos/assets/icon.svg", timeout=10)
            return process
        except requests.RequestException:
            assert process.poll() is None, process.stderr.read().decode()
            if time.monotonic() > deadline:
                process.terminate()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)


class RetryingClient:
    """What the register's queue does: send the batch, and on any failure (no answer, 5xx)
    wait and send the same batch again, until the server answers."""

    def __init__(self, url: str, token: str):
        self.url, self.token, self.attempts = url, token, 0

    def send(self, sales: list, *, deadline: float = 120, on_failure=None) -> dict:
        delay, end = 0.2, time.monotonic() + deadline
        while True:
            self.attempts += 1
            try:
                response = requests.post(
                    self.url,
                    data=json.dumps({"sales": sales}),
                    timeout=120,
                    headers={"Content-Type": "application/json", "Authorization": f"Device {self.token}", "Connection": "close"},
                )
                if response.status_code < 500:
                    return response.json()
            except requests.RequestException:
                pass
            if on_failure:
                on_failure()
            assert time.monotonic() < end, "the server never answered"
            time.sleep(delay)
            delay = min(delay * 2, 2)


def test_server_killed_in_the_middle_of_a_batch(register_token, open_session, cashiers, producer_products):
    register, token = register_token
    sales = [make_sale(register, open_session, cashiers[i % 2], [(producer_products[i % 4], 1, 41000, 0)]) for i in range(400)]
    uuids = [s["uuid"] for s in sales]
    port = free_port()
    server = start_server(port)
    client = RetryingClient(f"http://127.0.0.1:{port}/pos/api/sales/sync", token)
    killed = {"done": False}

    def kill_mid_batch():
        # Wait until the batch is being turned into orders (sales recorded, some orders made),
        # then SIGKILL the worker and its master: no cleanup, no rollback handlers.
        deadline = time.monotonic() + 120
        while Order.objects.filter(external_reference__in=uuids).count() < 60:
            assert time.monotonic() < deadline, "the batch never got going"
            time.sleep(0.02)
        workers = _children(server.pid)
        server.send_signal(signal.SIGKILL)
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        server.wait()
        killed["made"] = Order.objects.filter(external_reference__in=uuids).count()
        killed["done"] = True
        connection.close()

    killer = threading.Thread(target=kill_mid_batch)
    killer.start()
    restarted = {}

    def restart():
        if killed["done"] and "server" not in restarted:
            restarted["server"] = start_server(port)

    try:
        result = client.send(sales, on_failure=restart)
    finally:
        killer.join()
        for process in (server, restarted.get("server")):
            if process and process.poll() is None:
                process.terminate()  # gunicorn's master stops its worker on SIGTERM
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    for worker in _children(process.pid):
                        os.kill(worker, signal.SIGKILL)
                    process.kill()
                    process.wait()
    assert 60 <= killed["made"] < 400, "the kill did not land mid-batch"
    assert client.attempts >= 2
    # The retry found every sale already recorded (one transaction, committed before the kill)
    # and finished the orders the killed process had not made.
    assert result["duplicate"] + result["accepted"] == 400 and result["rejected"] == 0
    assert Sale.objects.filter(uuid__in=uuids).count() == 400
    assert Order.objects.filter(external_reference__in=uuids).count() == 400
    assert Sale.objects.filter(uuid__in=uuids, order_id="").count() == 0


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    return [int(x) for x in out.split()]


class AnswerDroppingProxy:
    """A TCP proxy in front of the server that forwards the first `drop` requests whole, lets
    the server answer (and commit), then closes the client's socket without the answer."""

    def __init__(self, upstream_port: int, drop: int):
        self.upstream_port, self.drop, self.dropped = upstream_port, drop, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()

    def handle(self, client):
        with client, socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
            request = self._read_request(client)
            upstream.sendall(request)
            answer = b""
            while chunk := upstream.recv(65536):
                answer += chunk
            if self.dropped < self.drop:
                self.dropped += 1
                return  # the server committed; the client never hears of it
            client.sendall(answer)

    @staticmethod
    def _read_request(sock) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += sock.recv(65536)
        return head + b"\r\n\r\n" + body

    def close(self):
        self.sock.close()


def test_an_answer_lost_after_the_server_committed(live_server, register_token, open_session, cashiers, producer_products):
    register, token = register_token
    sales = [make_sale(register, open_session, cashiers[0], [(producer_products[i % 4], 2, 41000, 0)]) for i in range(25)]
    port = int(live_server.url.rsplit(":", 1)[1])
    proxy = AnswerDroppingProxy(port, drop=2)
    try:
        client = RetryingClient(f"http://127.0.0.1:{proxy.port}/pos/api/sales/sync", token)
        result = client.send(sales)
    finally:
        proxy.close()
    assert proxy.dropped == 2 and client.attempts == 3
    # The first attempt recorded everything; the client only hears the third answer.
    assert result["duplicate"] == 25 and result["accepted"] == 0
    uuids = [s["uuid"] for s in sales]
    assert Sale.objects.filter(uuid__in=uuids).count() == 25
    assert Order.objects.filter(external_reference__in=uuids).count() == 25
