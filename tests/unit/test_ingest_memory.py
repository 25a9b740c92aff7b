"""Ingest's memory stays bounded: small files that decode to huge pictures are refused before a
pixel is decoded, and the largest pictures still accepted peak under ~200 MB.

A memory bound, not a timing one: each file is ingested in a child process that reports its own
peak (VmHWM), so nothing else the test process holds is counted.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

PEAK_MB = 200

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="VmHWM needs Linux's /proc"
)

_CHILD = """
import sys
from pathlib import Path
from tui.images.ingest import ImageError, ingest_file
try:
    ingest_file(Path(sys.argv[1]))
    outcome = "added"
except ImageError as error:
    outcome = "refused: " + str(error)
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(int(peak) // 1024, outcome)
"""


def _ingest_in_a_child(path: Path) -> tuple[int, str]:
    """(peak MB of a fresh process that ingests `path`, what happened)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    peak, outcome = done.stdout.strip().split(" ", 1)
    return int(peak), outcome


def _big(mode: str, size: tuple[int, int]) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = None  # only for making them here
    return Image.new(mode, size)


# Small files that decode to something huge: the three of the issue.
BOMBS: dict[str, Callable[[Path], None]] = {
    # 190 KB of PNG, 7000×7000 RGBA zeros: 960 MB while being added.
    "rgba-7000.png": lambda p: _big("RGBA", (7000, 7000)).save(p, optimize=True),
    # 77 KB, 1×40,000,000: 827 MB.
    "column.png": lambda p: _big("1", (1, 40_000_000)).save(p, optimize=True),
    # ~300 KB of float TIFF, 7000×7000: 457 MB.
    "float-7000.tif": lambda p: _big("F", (7000, 7000)).save(p, compression="tiff_deflate"),
}

# The largest pictures of each kind that are still accepted.
LARGEST: dict[str, Callable[[Path], None]] = {
    "rgba-5120.png": lambda p: _big("RGBA", (5120, 5120)).save(p),
    "rgba-5120-raw.tif": lambda p: _big("RGBA", (5120, 5120)).save(p),  # 105 MB: over the cap
    "rgb-5120.bmp": lambda p: _big("RGB", (5120, 5120)).save(p),
    "float-5120.tif": lambda p: _big("F", (5120, 5120)).save(p, compression="tiff_deflate"),
    "gray-50mp.png": lambda p: _big("L", (7071, 7071)).save(p),
    "deep-50mp.png": lambda p: _big("I;16", (7071, 7071)).save(p),
    "rgba-2560.webp": lambda p: _big("RGBA", (2560, 2560)).save(p, lossless=True),
    "panorama-20-to-1.png": lambda p: _big("RGB", (22360, 1118)).save(p),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_small_file_of_a_huge_picture_is_refused_cheaply(tmp_path: Path, name: str):
    path = tmp_path / name
    BOMBS[name](path)
    assert path.stat().st_size < 400_000
    peak, outcome = _ingest_in_a_child(path)
    assert outcome.startswith("refused: "), outcome
    assert "\n" not in outcome
    assert peak < 60, (name, peak)  # not one of its pixels was decoded


@pytest.mark.parametrize("name", list(LARGEST))
def test_the_largest_accepted_pictures_stay_under_the_memory_bound(tmp_path: Path, name: str):
    path = tmp_path / name
    LARGEST[name](path)
    peak, outcome = _ingest_in_a_child(path)
    assert outcome == "added", outcome
    assert peak <= PEAK_MB, (name, peak)


def test_one_past_the_largest_is_refused(tmp_path: Path):
    path = tmp_path / "rgba-5121.png"
    _big("RGBA", (5121, 5120)).save(path)
    peak, outcome = _ingest_in_a_child(path)
    assert "has too many pixels for its kind (5121×5120, PNG RGBA" in outcome, outcome
    too_long = tmp_path / "strip.png"
    _big("RGB", (2101, 100)).save(too_long)
    assert "too long and thin" in _ingest_in_a_child(too_long)[1]
