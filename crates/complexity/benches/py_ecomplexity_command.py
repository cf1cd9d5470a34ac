"""py-ecomplexity 0.5.3 as a whole command, the counterpart of `liantu complexity`: read the
long CSV, compute, write the cell table (RCA, M_cp, density, COG, ECI, PCI, diversity,
ubiquity, COI; liantu splits the same columns over cp.csv, locations.csv and products.csv).
Run under a wall clock, so interpreter start, imports, reading and writing count, as they do
for liantu. benches/complexity.sh runs both side by side.

Usage: python py_ecomplexity_command.py --input panel.csv --output DIR
"""

import argparse
import contextlib
import io
import warnings
from pathlib import Path

import pandas as pd
from ecomplexity import ecomplexity


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    df = pd.read_csv(args.input, dtype={"region": str, "product": str, "value": "int64"})
    cols = {"time": "year", "loc": "region", "prod": "product", "val": "value"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = ecomplexity(df, cols, check_logsupermodularity=False)
    Path(args.output).mkdir(parents=True, exist_ok=True)
    out.to_csv(Path(args.output) / "cp.csv", index=False)


if __name__ == "__main__":
    main()
