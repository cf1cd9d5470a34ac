#!/usr/bin/env python3
"""Writes industry_panel.csv: an ILLUSTRATIVE city x industry employment panel for the growth-
opportunity demo (economic complexity / relatedness). Standard library only, fixed seed.

Nothing here is measured data. Cities get made-up strengths in a few capability clusters
(autos, batteries, chemicals, ...), industries load on those clusters, and employment follows
from both plus noise, so that related industries co-locate the way real ones do. Liuzhou is
given the public picture: strong in vehicles, parts, steel and machinery; a battery-cell maker
but no battery materials; rice-noodle food and forestry boards.
"""
import csv
import math
import random
from pathlib import Path

random.seed(20241128)

# GB/T 4754-2017 classes (4-digit) used by the demo chains, with the capability clusters they load on.
INDUSTRIES = [
    ("1431", "米、面制品制造", {"food": 1.0}),
    ("1469", "其他调味品、发酵制品制造", {"food": 1.0}),
    ("1495", "食品及饲料添加剂制造", {"food": 0.6, "chem": 0.4}),
    ("1432", "速冻食品制造", {"food": 1.0}),
    ("1512", "白酒制造", {"food": 0.8}),
    ("1713", "棉印染精加工", {"textile": 1.0}),
    ("1811", "运动机织服装制造", {"textile": 1.0}),
    ("2011", "锯材加工", {"wood": 1.0}),
    ("2021", "胶合板制造", {"wood": 1.0}),
    ("2022", "纤维板制造", {"wood": 0.9, "paper": 0.2}),
    ("2023", "刨花板制造", {"wood": 1.0}),
    ("2032", "木门窗制造", {"wood": 0.8, "building": 0.3}),
    ("2110", "木质家具制造", {"wood": 0.9}),
    ("2211", "木竹浆制造", {"paper": 1.0, "wood": 0.3}),
    ("2221", "机制纸及纸板制造", {"paper": 1.0}),
    ("2231", "纸和纸板容器制造", {"paper": 0.7, "food": 0.2}),
    ("2611", "无机酸制造", {"chem": 1.0}),
    ("2612", "无机碱制造", {"chem": 1.0}),
    ("2613", "无机盐制造", {"chem": 0.6, "battery": 0.7}),
    ("2614", "有机化学原料制造", {"chem": 1.0}),
    ("2621", "氮肥制造", {"chem": 0.9}),
    ("2631", "化学农药制造", {"chem": 1.0}),
    ("2641", "涂料制造", {"chem": 0.8, "building": 0.2}),
    ("2651", "初级形态塑料及合成树脂制造", {"chem": 1.0, "polymer": 0.8}),
    ("2652", "合成橡胶制造", {"chem": 0.7, "polymer": 1.0}),
    ("2661", "化学试剂和助剂制造", {"chem": 0.8, "electronics": 0.2}),
    ("2662", "专项化学用品制造", {"chem": 0.7, "battery": 0.6}),
    ("2664", "文化用信息化学品制造", {"chem": 0.6, "electronics": 0.3}),
    ("2921", "塑料薄膜制造", {"polymer": 1.0}),
    ("2911", "轮胎制造", {"polymer": 0.8, "auto": 0.5}),
    ("3011", "水泥制造", {"building": 1.0}),
    ("3120", "炼钢", {"metal": 1.0}),
    ("3130", "钢压延加工", {"metal": 1.0, "auto": 0.2}),
    ("3211", "铜冶炼", {"metal": 0.8, "battery": 0.2}),
    ("3216", "铝冶炼", {"metal": 0.9}),
    ("3251", "铜压延加工", {"metal": 0.7, "battery": 0.4, "electronics": 0.2}),
    ("3252", "铝压延加工", {"metal": 0.7, "battery": 0.3}),
    ("3411", "锅炉及辅助设备制造", {"machinery": 1.0}),
    ("3432", "生产专用起重机制造", {"machinery": 1.0}),
    ("3511", "矿山机械制造", {"machinery": 1.0}),
    ("3514", "建筑工程用机械制造", {"machinery": 0.9, "auto": 0.2}),
    ("3611", "汽柴油车整车制造", {"auto": 1.0}),
    ("3612", "新能源车整车制造", {"auto": 1.0, "battery": 0.4}),
    ("3630", "改装汽车制造", {"auto": 0.9}),
    ("3660", "汽车车身、挂车制造", {"auto": 1.0}),
    ("3670", "汽车零部件及配件制造", {"auto": 1.0, "machinery": 0.3}),
    ("3812", "电动机制造", {"electrical": 1.0, "auto": 0.3}),
    ("3824", "电力电子元器件制造", {"electrical": 0.8, "electronics": 0.4}),
    ("3841", "锂离子电池制造", {"battery": 1.0, "electrical": 0.3}),
    ("3849", "其他电池制造", {"battery": 0.8}),
    ("3912", "计算机零部件制造", {"electronics": 1.0}),
    ("3974", "显示器件制造", {"electronics": 1.0}),
    ("3976", "光电子器件制造", {"electronics": 1.0}),
    ("3982", "电子电路制造", {"electronics": 1.0}),
    ("3985", "电子专用材料制造", {"electronics": 0.6, "battery": 0.7}),
    ("3973", "集成电路制造", {"electronics": 1.0}),
]

# (code, name, size in 10k jobs, cluster strengths). Unlisted clusters get a random strength.
CITIES = [
    ("450100", "南宁市", 60, {"food": 0.8, "electronics": 0.6, "building": 0.5}),
    ("450200", "柳州市", 75, {"auto": 2.2, "metal": 1.4, "machinery": 1.3, "chem": 0.5, "food": 0.7, "wood": 0.6, "battery": 0.1, "polymer": 0.3, "electrical": 0.4}),
    ("450300", "桂林市", 40, {"food": 0.6, "electrical": 0.8, "textile": 0.4}),
    ("450400", "梧州市", 25, {"wood": 0.7, "metal": 0.5}),
    ("450500", "北海市", 20, {"electronics": 1.2, "food": 0.5}),
    ("450600", "防城港市", 15, {"metal": 1.5, "chem": 0.6}),
    ("450700", "钦州市", 25, {"chem": 1.4, "paper": 0.9, "polymer": 0.8}),
    ("450800", "贵港市", 30, {"wood": 1.5, "building": 0.6}),
    ("450900", "玉林市", 40, {"machinery": 1.2, "food": 0.6}),
    ("451000", "百色市", 25, {"metal": 1.6, "chem": 0.5}),
    ("451100", "贺州市", 15, {"building": 1.3, "food": 0.4}),
    ("451200", "河池市", 18, {"metal": 1.2, "chem": 0.4}),
    ("451300", "来宾市", 15, {"paper": 1.0, "metal": 0.8, "food": 0.5}),
    ("451400", "崇左市", 15, {"food": 1.2, "wood": 0.8}),
    ("440100", "广州市", 150, {"auto": 1.4, "chem": 0.9, "electronics": 1.0, "textile": 0.9, "food": 0.7}),
    ("440300", "深圳市", 200, {"electronics": 2.0, "battery": 1.4, "electrical": 1.2}),
    ("440600", "佛山市", 120, {"machinery": 1.0, "electrical": 1.1, "metal": 0.8, "wood": 0.7}),
    ("441900", "东莞市", 150, {"electronics": 1.6, "textile": 1.0, "paper": 0.6}),
    ("430100", "长沙市", 90, {"machinery": 1.8, "auto": 0.8, "battery": 0.9}),
    ("430200", "株洲市", 35, {"machinery": 1.2, "metal": 0.8, "electrical": 0.7}),
    ("360500", "新余市", 15, {"battery": 2.3, "metal": 1.0, "chem": 0.6}),
    ("360900", "宜春市", 30, {"battery": 2.0, "chem": 0.8, "food": 0.5}),
    ("350900", "宁德市", 25, {"battery": 2.4, "metal": 1.0, "auto": 0.8}),
    ("340100", "合肥市", 100, {"auto": 1.2, "battery": 1.3, "electronics": 1.3, "electrical": 1.0}),
    ("420100", "武汉市", 120, {"auto": 1.6, "electronics": 1.1, "metal": 0.9}),
    ("500100", "重庆市", 180, {"auto": 1.7, "electronics": 1.0, "machinery": 0.9, "chem": 0.6}),
    ("510100", "成都市", 160, {"electronics": 1.5, "food": 0.9, "battery": 0.6}),
    ("520100", "贵阳市", 40, {"chem": 1.1, "battery": 0.9, "electronics": 0.6}),
    ("530100", "昆明市", 45, {"chem": 1.0, "food": 0.8, "metal": 0.6}),
    ("320500", "苏州市", 200, {"electronics": 1.7, "textile": 1.0, "machinery": 1.0, "polymer": 0.8}),
]

CLUSTERS = sorted({k for _, _, w in INDUSTRIES for k in w})


def main():
    out = Path(__file__).with_name("industry_panel.csv")
    rows = []
    for year in (2022, 2023):
        for code, name, size, given in CITIES:
            strengths = {k: given.get(k, random.uniform(-0.8, 0.2)) for k in CLUSTERS}
            weights = []
            for ind, _, loads in INDUSTRIES:
                score = sum(strengths[k] * w for k, w in loads.items())
                weights.append(math.exp(1.6 * score + random.gauss(0, 0.35)))
            total = sum(weights)
            for (ind, ind_name, _), w in zip(INDUSTRIES, weights):
                jobs = round(size * 10000 * 0.25 * w / total)
                # Small cities do not have every industry: tiny employment rounds to nothing.
                if jobs < 30:
                    continue
                # Liuzhou has a battery-cell maker but no battery-material producers (public picture).
                if code == "450200" and ind in ("2613", "2662", "3985"):
                    continue
                rows.append([year, code, name, ind, ind_name, jobs])
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "region", "region_name", "industry", "industry_name", "employment"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    main()
