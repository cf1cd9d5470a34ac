#!/usr/bin/env python3
"""Write workforce.csv: the demo firms' workforce by occupation, as HR reports and job postings
read (titles with the noise postings carry), in the layout `liantu import workforce` reads.

Standard-library Python only, fixed random seed, deterministic output. Every row is ILLUSTRATIVE
(source = "illustrative"): the firms are the demo's, the occupations those the chain files name
for each firm's first node (../chains/*.toml), the numbers made up — people employed scaled from
the firm's illustrative employees in enterprise_years.csv, vacancies, wages by skill level.
The occupation is given as a title for most rows (classified on import, as a city's postings
would be) and as a code for the rest.
"""

import csv
import glob
import os
import random
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN_DIR = os.path.join(HERE, "..", "chains")
OCCUPATIONS = os.path.join(HERE, "..", "occupations", "csco2022.csv")

rng = random.Random(20261206)

# Noise as postings carry it (the classifier strips it).
BEFORE = ["", "", "", "急招", "柳州", "高薪诚聘"]
AFTER = ["", "", "", "（包吃住）", " 五险一金", "（两班倒）", "/长白班", " 月薪面议"]
WORKER_LEVELS = [("初级工", 0.30, 4300), ("中级工", 0.32, 5200), ("高级工", 0.25, 6300),
                 ("技师", 0.09, 7600), ("高级技师", 0.04, 9200)]


def names():
    out = {}
    with open(OCCUPATIONS, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["level"] == "4":
                name = r["name"]
                for mark in ("L/S", "S", "L"):
                    if name.endswith(mark):
                        name = name[: -len(mark)]
                        break
                out[r["code"]] = name
    return out


def main():
    occupation_names = names()
    node_occupations = {}
    for path in sorted(glob.glob(os.path.join(CHAIN_DIR, "*.toml"))):
        with open(path, "rb") as f:
            chain = tomllib.load(f)
        for node in chain["nodes"]:
            node_occupations[(chain["id"], node["id"])] = node.get("occupations", [])
    employees = {}
    with open(os.path.join(HERE, "enterprise_years.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["employees"] and (r["uscc"] not in employees or int(r["year"]) > employees[r["uscc"]][0]):
                employees[r["uscc"]] = (int(r["year"]), int(r["employees"]))
    first_node = {}
    with open(os.path.join(HERE, "memberships.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            first_node.setdefault(r["uscc"], (r["chain"], r["node"]))
    rows = []
    for uscc, (chain, node) in first_node.items():
        if uscc not in employees:
            continue
        year, staff = employees[uscc]
        codes = node_occupations.get((chain, node), [])[:3]
        if not codes:
            continue
        # The node's occupations hold about 60 % of the firm's people, the first most.
        weights = [0.5, 0.3, 0.2][: len(codes)]
        for code, weight in zip(codes, weights):
            people = max(1, round(staff * 0.6 * weight / sum(weights)))
            name = occupation_names[code]
            professional = code.startswith("2-")
            levels = [("专业技术人员", 1.0, 9800)] if professional else WORKER_LEVELS
            # Two skill levels per occupation at most: one drawn by the levels' usual shares, and
            # the one above it.
            first = rng.choices(range(len(levels)), weights=[l[1] for l in levels])[0]
            chosen = levels[first : first + 2]
            split = [0.65, 0.35][: len(chosen)]
            for (level, _, wage), part in zip(chosen, split):
                employed = max(1, round(people * part / sum(split)))
                vacancies = round(employed * rng.uniform(0.03, 0.25))
                by_title = rng.random() < 0.75
                title = rng.choice(BEFORE) + name + rng.choice(AFTER) if by_title else ""
                rows.append({
                    "统一社会信用代码": uscc,
                    "年份": year,
                    "职位名称": title,
                    "职业编码": "" if by_title else code,
                    "技能等级": level,
                    "在岗人数": employed,
                    "空缺人数": vacancies,
                    "月均工资（元）": int(round(wage * rng.uniform(0.85, 1.25), -1)),
                    "数据来源": "illustrative",
                    "截至日期": f"{year + 1}-03-31",
                })
    with open(os.path.join(HERE, "workforce.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"workforce.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
