"""Upload benchmark (not a test): what the worst files cost `clean_uploaded_image`, the check both
upload paths run (the photo form and the CKEditor endpoint). Each file is generated here, then
cleaned in a fresh process, which prints its wall time and peak RSS.

    .venv/bin/python bench/bench_uploads.py

The cases: the issue-14 GIF (60 frames of 3000×3000, refused from its header), a still just over the
pixel limit (refused), and the worst accepted file of each format: largest pixel count within the
byte limit, and the largest animation within the frame × pixel limit."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _gradient(size, mode="RGB"):
    """A smooth image: compresses well, so it fits the byte limit at a large pixel count."""
    from PIL import Image

    width, height = size
    horizontal = Image.linear_gradient("L").resize((width, height))
    vertical = Image.linear_gradient("L").rotate(90).resize((width, height))
    bands = [horizontal, vertical, Image.new("L", (width, height), 128)]
    if mode == "RGBA":
        bands.append(Image.new("L", (width, height), 200))
    return Image.merge(mode, bands)


def _animation(frames: int, size, noise: bool = False) -> bytes:
    """Flat frames (tiny file, like the issue's), or 16-colour noise (the costliest to encode)."""
    from PIL import Image

    if noise:
        images = [
            Image.frombytes("L", size, bytes(b & 0xF0 for b in os.urandom(size[0] * size[1])))
            for _ in range(frames)
        ]
    else:
        images = [Image.new("P", size, i % 200) for i in range(frames)]
    out = BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=40, loop=0)
    return out.getvalue()


def _still(fmt: str, size, mode="RGB", **options) -> bytes:
    out = BytesIO()
    _gradient(size, mode).save(out, format=fmt, **options)
    return out.getvalue()


def make_case(case: str) -> bytes:
    """The file of one case (the test in tests/articles/test_upload_limits.py uses these too)."""
    from PIL import Image

    from articles.uploads import DEFAULT_LIMITS, JPEG_DRAFT_SCALE

    pixels = DEFAULT_LIMITS["NEWSROOM_MAX_IMAGE_PIXELS"]
    side = int(pixels**0.5)
    jpeg_side = int(min(pixels * JPEG_DRAFT_SCALE**2, Image.MAX_IMAGE_PIXELS) ** 0.5)
    animation = DEFAULT_LIMITS["NEWSROOM_MAX_ANIMATION_PIXELS"]
    if case == "issue-gif-60x3000x3000":
        return _animation(60, (3000, 3000))
    if case == "png-over-limit":
        return _still("PNG", (side + 100, side + 100))
    if case == "jpeg-over-limit":
        return _still("JPEG", (jpeg_side + 100, jpeg_side + 100), quality=85)
    if case == "worst-jpeg":
        return _still("JPEG", (jpeg_side, jpeg_side), quality=85)
    if case == "worst-png":
        return _still("PNG", (side, side), "RGBA")
    if case == "worst-webp":
        webp_side = int(DEFAULT_LIMITS["NEWSROOM_MAX_WEBP_PIXELS"] ** 0.5)
        return _still("WEBP", (webp_side, webp_side), quality=80)
    if case == "worst-gif-animation":
        frames = 60
        edge = int((animation / frames) ** 0.5)
        return _animation(frames, (edge, edge), noise=True)
    raise ValueError(case)


CASES = [
    "issue-gif-60x3000x3000",
    "png-over-limit",
    "jpeg-over-limit",
    "worst-jpeg",
    "worst-png",
    "worst-webp",
    "worst-gif-animation",
]


def _peak_rss_kb() -> int:
    """VmHWM: this process's peak RSS (ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_one(path: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.uploads import clean_uploaded_image

    data = Path(path).read_bytes()
    before = _peak_rss_kb()
    started = time.perf_counter()
    try:
        cleaned = clean_uploaded_image(SimpleUploadedFile(Path(path).name, data))
        outcome = f"accepted, stored {cleaned.size / 1024:.0f} KB"
    except ValidationError as exc:
        outcome = "refused: " + " ".join(exc.messages)
    elapsed = time.perf_counter() - started
    peak = _peak_rss_kb()
    return {
        "seconds": elapsed,
        "peak_rss_mb": peak / 1024,
        "growth_mb": (peak - before) / 1024,
        "outcome": outcome,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2]), ensure_ascii=False))
        return
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    print(f"{'case':<26} {'file':>9} {'time':>8} {'peak RSS':>9} {'growth':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            data = make_case(case)
            path = Path(tmp) / f"{case}.bin"
            path.write_bytes(data)
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            row = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{case:<26} {len(data) / 1024:>7.0f}KB {row['seconds']:>7.2f}s {row['peak_rss_mb']:>7.0f}MB "
                f"{row['growth_mb']:>6.0f}MB  {row['outcome'][:90]}"
            )


if __name__ == "__main__":
    main()
