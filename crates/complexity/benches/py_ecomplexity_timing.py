"""Time py-ecomplexity 0.5.3 on the inputs of benches/complexity.rs.

Setup (once):   python3 -m venv /tmp/ecx-venv && /tmp/ecx-venv/bin/pip install ecomplexity==0.5.3
Run:            OPENBLAS_NUM_THREADS=1 /tmp/ecx-venv/bin/python \
                    crates/complexity/benches/py_ecomplexity_timing.py
                [--repeat 5] [--synthetic 250x1200x20] [--no-logsupermodularity]
                [--input panel.csv] [--write-csv panel.csv]

World-trade call exactly as shared/data/complexity/reference/CALLS.md (all defaults, which
include the log-supermodularity check that the Rust engine does not do; the
--no-logsupermodularity flag times without it). --synthetic R x P x T instead builds the
panel of reference/SYNTHETIC.md (numpy default_rng(20240601)) and uses its call. Prints the
time of each ecomplexity() call and the minimum and median; data loading is not timed.

--synthetic R x P x T --write-csv FILE writes the generated panel (year,region,product,value;
values are integers) and exits, so the Rust benchmark (examples/bench_panel.rs) reads the
identical panel; --input FILE times the same call on such a CSV.
"""

import argparse
import contextlib
import io
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity

HERE = Path(__file__).resolve().parent
DATA = HERE / "../../../../shared/data/complexity/world_trade_avg_1998_to_2000.csv"


def world_trade():
    df = pd.read_csv(DATA, dtype={"country": str, "product": str, "value": "int64"})
    df["year"] = 2000
    return df, {"time": "year", "loc": "country", "prod": "product", "val": "value"}


def synthetic(r, p, t, seed=20240601, temp=0.1, drift_sd=0.02):
    """Generator of reference/SYNTHETIC.md (draw order matters)."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0, 1, r)
    b = rng.uniform(0, 1, p)
    size_r = rng.lognormal(0, 1, r)
    size_p = rng.lognormal(0, 1, p)
    drift = rng.normal(0, drift_sd, r)
    frames = []
    for k in range(t):
        at = a + drift * k
        prob = 1 / (1 + np.exp(-(at[:, None] - b[None, :]) / temp))
        present = rng.random((r, p)) < prob
        val = size_r[:, None] * size_p[None, :] * rng.lognormal(0, 1, (r, p)) * 1e6
        val = np.where(present, np.round(val), 0)
        val[np.arange(r), rng.integers(0, p, r)] += 1
        val[rng.integers(0, r, p), np.arange(p)] += 1
        loc, prod = np.nonzero(val)
        frames.append(pd.DataFrame({"year": 2000 + k, "region": loc, "product": prod,
                                    "value": val[loc, prod]}))
    df = pd.concat(frames, ignore_index=True)
    return df, {"time": "year", "loc": "region", "prod": "product", "val": "value"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--synthetic", help="R x P x T, e.g. 250x1200x20")
    ap.add_argument("--no-logsupermodularity", action="store_true")
    ap.add_argument("--input", help="a CSV written by --write-csv")
    ap.add_argument("--write-csv", help="write the --synthetic panel to this CSV and exit")
    args = ap.parse_args()

    if args.synthetic:
        r, p, t = (int(x) for x in args.synthetic.split("x"))
        df, cols = synthetic(r, p, t)
        kwargs = {"check_logsupermodularity": False}
        if args.write_csv:
            df = df.astype({"value": "int64"})
            df.to_csv(args.write_csv, index=False)
            print(f"wrote {args.write_csv}: {len(df)} rows, value sum {df['value'].sum():.14g}")
            return
    elif args.input:
        df = pd.read_csv(args.input, dtype={"region": str, "product": str, "value": "int64"})
        cols = {"time": "year", "loc": "region", "prod": "product", "val": "value"}
        kwargs = {"check_logsupermodularity": False}
    else:
        df, cols = world_trade()
        kwargs = {"check_logsupermodularity": not args.no_logsupermodularity}
    print(f"input: {len(df)} rows; ecomplexity(df, cols, **{kwargs})")

    times, cpu = [], []
    for _ in range(args.repeat):
        np.random.seed(0)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            start, start_cpu = time.perf_counter(), time.process_time()
            out = ecomplexity(df, cols, **kwargs)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(f"  {times[-1]:.3f} s ({cpu[-1]:.3f} s CPU)")
    eci = out.groupby([cols["time"], cols["loc"]])["eci"].first()
    print(f"wall min {min(times):.3f} s, median {statistics.median(times):.3f} s; "
          f"CPU min {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s; "
          f"sum |eci| = {eci.abs().sum():.12g}")


if __name__ == "__main__":
    main()
