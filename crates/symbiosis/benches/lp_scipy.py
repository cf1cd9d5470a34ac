#!/usr/bin/env python3
"""Solve an LP/MIP written by liantu (CPLEX LP subset) with scipy's HiGHS and print JSON.

usage: lp_scipy.py MODEL.lp [--solution SOLUTION.json]

Output: {"status", "objective", "parse_s", "solve_s", "columns", "rows"} and, with --solution
(a JSON object {"x": {name: value}} from liantu), "solution_objective" and "max_violation" of
liantu's solution against the constraints and bounds parsed here.
Used by crates/symbiosis/tests/scipy_lp.rs and benches/allocation.rs.
"""
import json
import sys
import time

import numpy as np
from scipy import sparse
from scipy.optimize import linprog, milp, LinearConstraint, Bounds

OPS = ("<=", ">=", "=")


def parse(path):
    sense = None
    section = None
    names = {}
    order = []

    def var(n):
        if n not in names:
            names[n] = len(order)
            order.append(n)
        return names[n]

    obj = {}
    rows = []  # (entries dict, op, rhs)
    bounds = {}
    integers = set()
    cur = None  # [entries, op, rhs]
    sign, coef, expect_rhs = 1.0, None, False

    def finish_row():
        nonlocal cur
        if cur is not None and cur[1] is not None:
            rows.append(cur)
        cur = None

    for raw in open(path, encoding="utf-8"):
        line = raw.split("\\", 1)[0].strip()
        if not line:
            continue
        low = line.lower()
        if low in ("maximize", "maximise", "max", "minimize", "minimise", "min"):
            sense = "max" if low.startswith("max") else "min"
            section = "obj"
            continue
        if low in ("subject to", "st", "s.t.", "such that"):
            section = "st"
            continue
        if low == "bounds":
            finish_row()
            section = "bounds"
            continue
        if low in ("general", "generals", "gen", "integer", "integers"):
            section = "int"
            continue
        if low in ("binary", "binaries", "bin"):
            section = "bin"
            continue
        if low == "end":
            break
        if section in ("obj", "st"):
            toks = line.split()
            if toks[0].endswith(":"):
                if section == "st":
                    finish_row()
                    cur = [{}, None, None]
                toks = toks[1:]
                sign, coef = 1.0, None
            target = obj if section == "obj" else cur[0]
            i = 0
            while i < len(toks):
                t = toks[i]
                if t == "+":
                    sign = 1.0
                elif t == "-":
                    sign = -1.0
                elif t in OPS:
                    cur[1] = t
                    cur[2] = float(toks[i + 1])
                    i += 1
                    finish_row()
                else:
                    try:
                        coef = float(t)
                    except ValueError:
                        j = var(t)
                        target[j] = target.get(j, 0.0) + sign * (1.0 if coef is None else coef)
                        sign, coef = 1.0, None
                i += 1
        elif section == "bounds":
            toks = line.split()
            if len(toks) == 2 and toks[1].lower() == "free":
                bounds[var(toks[0])] = (-np.inf, np.inf)
            elif len(toks) == 5 and toks[1] == "<=" and toks[3] == "<=":
                bounds[var(toks[2])] = (float(toks[0]), float(toks[4]))
            elif len(toks) == 3 and toks[1] in (">=", "<="):
                j = var(toks[0])
                lo, hi = bounds.get(j, (0.0, np.inf))
                if toks[1] == ">=":
                    lo = float(toks[2])
                else:
                    hi = float(toks[2])
                bounds[j] = (lo, hi)
            else:
                raise SystemExit(f"unsupported bound line: {line}")
        elif section in ("int", "bin"):
            for t in line.split():
                j = var(t)
                integers.add(j)
                if section == "bin":
                    bounds[j] = (0.0, 1.0)
    return sense, order, obj, rows, bounds, integers


def main():
    path = sys.argv[1]
    solution = None
    if "--solution" in sys.argv:
        solution = json.load(open(sys.argv[sys.argv.index("--solution") + 1]))["x"]
    t0 = time.perf_counter()
    sense, order, obj, rows, bounds, integers = parse(path)
    n = len(order)
    c = np.zeros(n)
    for j, v in obj.items():
        c[j] = v
    if sense == "max":
        c_solve = -c
    else:
        c_solve = c
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    for j, (a, b) in bounds.items():
        lo[j], hi[j] = a, b
    r_lo, r_hi, ri, ci, vals = [], [], [], [], []
    for k, (entries, op, rhs) in enumerate(rows):
        for j, v in entries.items():
            ri.append(k)
            ci.append(j)
            vals.append(v)
        r_lo.append(-np.inf if op == "<=" else rhs)
        r_hi.append(np.inf if op == ">=" else rhs)
    A = sparse.csr_matrix((vals, (ri, ci)), shape=(len(rows), n))
    r_lo, r_hi = np.array(r_lo), np.array(r_hi)
    t1 = time.perf_counter()
    if integers:
        integrality = np.zeros(n)
        integrality[list(integers)] = 1
        res = milp(c_solve, constraints=LinearConstraint(A, r_lo, r_hi), integrality=integrality,
                   bounds=Bounds(lo, hi), options={"mip_rel_gap": 1e-9})
        status = {0: "optimal", 2: "infeasible", 3: "unbounded"}.get(res.status, f"status{res.status}")
    else:
        le = np.isfinite(r_hi)
        ge = np.isfinite(r_lo)
        eq = le & ge & (r_lo == r_hi)
        le_only = le & ~eq
        ge_only = ge & ~eq
        A_ub = sparse.vstack([A[le_only], -A[ge_only]]).tocsr()
        b_ub = np.concatenate([r_hi[le_only], -r_lo[ge_only]])
        res = linprog(c_solve, A_ub=A_ub if A_ub.shape[0] else None, b_ub=b_ub if A_ub.shape[0] else None,
                      A_eq=A[eq] if eq.any() else None, b_eq=r_lo[eq] if eq.any() else None,
                      bounds=np.column_stack([lo, hi]), method="highs")
        status = {0: "optimal", 2: "infeasible", 3: "unbounded"}.get(res.status, f"status{res.status}")
    t2 = time.perf_counter()
    out = {"status": status, "objective": None, "parse_s": t1 - t0, "solve_s": t2 - t1,
           "columns": n, "rows": len(rows)}
    if status == "optimal":
        out["objective"] = float(c @ res.x)
    if solution is not None:
        x = np.zeros(n)
        index = {name: j for j, name in enumerate(order)}
        for name, v in solution.items():
            if name in index:
                x[index[name]] = v
        ax = A @ x
        viol = max(0.0, float(np.max(np.concatenate([ax - r_hi, r_lo - ax, lo - x, x - hi]), initial=0.0)))
        out["solution_objective"] = float(c @ x)
        out["max_violation"] = viol
    print(json.dumps(out))


if __name__ == "__main__":
    main()
