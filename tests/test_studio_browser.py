"""The studio end to end in a real browser: Debian's chromium driven by Selenium against
``audiobook studio`` (a real server process) on the seed rendered with the real engines.

Opens the page with the launch token, plays a line (the audio element loads real audio),
plays the chapter from a line (the line is highlighted as it plays), edits a line and
re-renders it (one clip synthesised, the chapter rebuilt, the player reloaded), auditions and
recasts a character. Set AUDIOBOOK_STUDIO_SCREENSHOT=docs/studio.png to save the main view.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.conftest import ROOT, SEED_CAST

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def studio(seed_book: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    out = tmp_path / "book"
    shutil.copytree(seed_book[0], out)
    cast = tmp_path / "cast.yaml"
    shutil.copy(SEED_CAST, cast)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "studio", str(out), "--cast", str(cast), "--port", "0",
                             "--no-browser"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", first)
        assert match, first + proc.stdout.read() if proc.poll() is not None else first
        yield match[1], out, cast
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        why = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; see .ci/run)"
        if os.environ.get("CI"):  # .ci/run installs them: there a missing browser is a failure, never a skip
            pytest.fail(why)
        pytest.skip(why)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def click(driver: webdriver.Chrome, css: str) -> None:
    """Click an element after scrolling it to the middle (clear of the sticky tab bar)."""
    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text())


def wait_done(driver: webdriver.Chrome, label: str, timeout: float = 300) -> str:
    """Wait for the status line to report the job ``label`` finished; return its text."""
    def finished(d: Any) -> str | bool:
        # state and text in one read: two reads race the page (the text of the running job, then
        # the 'done' state the job reached in between)
        state, text = d.execute_script(
            "const s = document.getElementById('status'); return [s.getAttribute('data-state'), s.innerText];"
        )
        if state == "failed":
            raise AssertionError(text)
        return str(text) if state == "done" and label in text else False
    return str(WebDriverWait(driver, timeout).until(finished))


def audio_ready(driver: webdriver.Chrome, element: str, timeout: float = 60) -> float:
    """Wait until an audio element has loaded real audio; returns its duration in seconds."""
    script = f"const a = document.getElementById('{element}'); return a.readyState >= 2 && a.duration > 0 " \
             "? a.duration : (a.error ? 'error ' + a.error.code : false);"
    value = WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))
    assert not isinstance(value, str), f"{element}: {value}"
    return float(value)


def test_studio_in_a_real_browser(studio: tuple[str, Path, Path], browser: webdriver.Chrome) -> None:
    url, out, cast = studio
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#lines .line")) > 20)
    assert browser.current_url.endswith("/") and "token" not in browser.current_url  # token moved to a cookie
    segments = manifest(out)["segments"]

    # play a line: the clip element loads real audio
    sakura = next(s for s in segments if s["speaker"] == "Sakura")
    click(browser, f'.line[data-id="{sakura["id"]}"] .play')
    assert audio_ready(browser, "clip-audio") > 0.5

    # play the chapter from a line: the chapter loads and the playing line is highlighted
    later = next(s for s in segments if s["kind"] == "narration" and s["start"] and s["start"] > 30)
    click(browser, f'.line[data-id="{later["id"]}"] .text')
    browser.find_element(By.TAG_NAME, "body").send_keys("p")
    assert audio_ready(browser, "chapter-audio") > 300
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".line.playing"))
    browser.execute_script("document.getElementById('chapter-audio').pause()")
    ids = [s["id"] for s in segments]
    browser.find_element(By.TAG_NAME, "body").send_keys("j")  # keyboard: next line
    assert browser.find_element(By.CSS_SELECTOR, ".line.selected").get_attribute("data-id") == \
        ids[ids.index(later["id"]) + 1]
    browser.find_element(By.TAG_NAME, "body").send_keys("k")
    assert browser.find_element(By.CSS_SELECTOR, ".line.selected").get_attribute("data-id") == later["id"]
    if os.environ.get("AUDIOBOOK_STUDIO_SCREENSHOT"):
        click(browser, f'.line[data-id="{sakura["id"]}"] .text')
        browser.execute_script("document.querySelector('.line.selected').scrollIntoView({block: 'center'})")
        assert browser.save_screenshot(str(ROOT / os.environ["AUDIOBOOK_STUDIO_SCREENSHOT"]))

    # edit a line's text and re-render it in place
    line = next(s for s in segments if s["kind"] == "narration" and "concrete" in s["text"])
    click(browser, f'.line[data-id="{line["id"]}"] .text')
    old_src = browser.find_element(By.ID, "chapter-audio").get_attribute("src")
    box = browser.find_element(By.ID, "edit-text")
    box.clear()
    box.send_keys(line["text"].replace("concrete", "brick"))
    browser.find_element(By.ID, "save-line").click()
    status = wait_done(browser, f"edit {line['id']}")
    assert "synthesized 1," in status and "chapters rebuilt 1 of 1" in status
    summary = manifest(out)["summary"]
    assert (summary["synthesized"], summary["chapters_rebuilt"]) == (1, 1)
    assert f"{line['id']} | narrator | {' '.join(line['text'].replace('concrete', 'brick').split())}" in \
        (out / "script.txt").read_text()
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.ID, "chapter-audio").get_attribute("src") != old_src)  # player reloaded
    assert audio_ready(browser, "chapter-audio") > 300
    row = browser.find_element(By.CSS_SELECTOR, f'.line[data-id="{line["id"]}"] .text')
    assert "brick" in row.text

    # recast Sasuke: audition a voice, then apply (only his lines are synthesised)
    Select(browser.find_element(By.ID, "recast-name")).select_by_value("Sasuke")
    Select(browser.find_element(By.ID, "recast-voice")).select_by_value("espeak:en-us+m3")
    browser.find_element(By.ID, "audition").click()
    wait_done(browser, "audition espeak:en-us+m3 for Sasuke")
    assert audio_ready(browser, "audition-audio") > 0.5
    browser.find_element(By.ID, "apply-recast").click()
    status = wait_done(browser, "recast Sasuke as espeak:en-us+m3")
    data = manifest(out)
    sasuke = len({s["key"] for s in data["segments"] if s["speaker"] == "Sasuke" and s["key"]})
    assert data["summary"]["synthesized"] == sasuke > 5 and f"synthesized {sasuke}," in status
    assert data["voices"]["Sasuke"] == "espeak:en-us+m3" and "espeak:en-us+m3" in cast.read_text()
    listed = browser.find_element(By.CSS_SELECTOR, '#cast li[data-name="Sasuke"]').text
    assert "espeak:en-us+m3" in listed

    # 'Follow my fixes' (render --follow-fixes): no speaker was fixed, so no other line changes
    browser.find_element(By.ID, "follow-fixes").click()
    status = wait_done(browser, "follow my speaker fixes")
    assert "synthesized 0," in status and "0 more line(s) changed speaker" in status
