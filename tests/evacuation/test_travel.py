import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from stranded.evacuation.planner import GreatCircle, OsrmTable, Point

KHANKENDI, SHUSHA = Point(39.8155, 46.7519), Point(39.7601, 46.7499)


def test_it_scales_the_great_circle_by_detour_and_speed() -> None:
    model = GreatCircle(detour=1.5, speed_kmh=30)
    metres, seconds = model.matrices([KHANKENDI, SHUSHA])
    assert metres[0][0] == 0 and metres[0][1] == metres[1][0]
    assert abs(metres[0][1] - 6162 * 1.5) < 15  # 6.16 km as the crow flies
    assert seconds[0][1] == round(metres[0][1] / (30 / 3.6))


class _Osrm(BaseHTTPRequestHandler):
    requested: list[str] = []

    def do_GET(self) -> None:
        _Osrm.requested.append(self.path)
        body = json.dumps(
            {
                "code": "Ok",
                "distances": [[0, 9100.4], [9050, 0]],
                "durations": [[0, 720.6], [700.2, 0]],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_it_asks_a_routing_engine_for_its_table() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Osrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        metres, seconds = OsrmTable(url).matrices([KHANKENDI, SHUSHA])
    finally:
        server.shutdown()
    assert metres == [[0, 9100], [9050, 0]] and seconds == [[0, 721], [700, 0]]
    assert _Osrm.requested[0].startswith(
        "/table/v1/driving/46.751900,39.815500;46.749900,39.760100"
    )


def test_the_whole_matrix_matches_the_point_by_point_formula() -> None:
    import random

    rng = random.Random(7)
    points = [Point(39.5 + rng.random() * 0.5, 46.5 + rng.random() * 0.5) for _ in range(60)]
    model = GreatCircle(detour=1.3, speed_kmh=40)
    metres, seconds = model.matrices(points)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            assert metres[i][j] == model.metres(a, b)
            assert seconds[i][j] == model.seconds(model.metres(a, b))
