#!/usr/bin/env python3
"""Write projects.toml: the demo's illustrative investment projects under service (全过程服务).

Standard-library Python only, deterministic output. Every project, date, figure and problem is
ILLUSTRATIVE (source = "illustrative"): made up along the directions of the city's documents
(碳酸锂, 电解液, 正极, 高性能聚合物, 特种橡胶, 功能膜, 浆纸一体化, 定制家居, 螺蛳粉 …) so the
project board, the warnings and the problem list have something realistic to show. Names carry
“示例” so no one mistakes them for real projects.

Each project is given the stage it has reached, the month its ladder began, a `slip` (days each
reached stage came after its plan) and a `pace` (the share of the planned investment path its
spending follows). Planned dates follow a typical ladder (谋划 → 洽谈 2 months → 签约 3 → 供地 3 →
开工 2 → 建设 1 → 投产 12–24 by size → 达产 12); monthly reports run from the month construction
started to the demo's month.
"""

import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_MONTH = (2026, 11)  # the last month reported
STAGES = ["planning", "negotiating", "signed", "land", "started", "building", "operating", "full"]
GAPS = [0, 61, 92, 92, 61, 30, None, 365]  # days from the stage before; None = by size

# id, name, candidate, nodes, park, region, investment (万元), land (亩), department, stage reached,
# ladder start (y, m), slip (days), pace, report gap (skip the last month's report)
PROJECTS = [
    ("li2co3-luzhai", "某锂业电池级碳酸锂项目（示例）", "li2co3-luzhai", "nev-battery:lithium-carbonate", "luzhai-chem", "450223", 300000, 600, "鹿寨县人民政府", "building", (2024, 9), 25, 0.72, False),
    ("electrolyte-liutang", "某新材料锂电池电解液项目（示例）", "electrolyte-liutang", "nev-battery:electrolyte", "liucheng-liutang-chem", "450222", 90000, 180, "柳城县人民政府", "started", (2025, 2), 40, 0.95, False),
    ("cathode-xinxing", "某磷酸铁锂正极材料项目（示例）", "cathode-xinxing", "nev-battery:cathode", "liujiang-xinxing", "450206", 150000, 320, "柳江区人民政府", "signed", (2025, 10), 0, 1.0, False),
    ("lipf6-liutang", "某六氟磷酸锂项目（示例）", None, "nev-battery:lithium-hexafluorophosphate", "liucheng-liutang-chem", "450222", 60000, 150, "柳城六塘化工园区管委会", "negotiating", (2026, 6), 0, 1.0, False),
    ("solvent-luzhai", "某碳酸酯溶剂项目（示例）", None, "nev-battery:carbonate-solvents", "luzhai-chem", "450223", 45000, 120, "鹿寨经开区管委会", "land", (2025, 6), 70, 1.0, False),
    ("precursor-luzhai", "某三元前驱体项目（示例）", None, "nev-battery:precursor", "luzhai-chem", "450223", 120000, 260, "市投促局", "planning", (2026, 9), 0, 1.0, False),
    ("polymer-luzhai", "某高性能工程塑料（PPS）项目（示例）", "polymer-luzhai", "chemical:high-performance-polymers", "luzhai-chem", "450223", 80000, 200, "鹿寨县人民政府", "operating", (2023, 3), 15, 1.0, False),
    ("rubber-hexi", "某特种橡胶（氟橡胶）项目（示例）", "rubber-hexi", "chemical:special-rubber", "hexi-industrial", "450204", 50000, 110, "市工信局", "building", (2024, 11), 10, 0.86, False),
    ("membrane-xinxing", "某锂电隔膜及功能膜项目（示例）", "membrane-xinxing", "chemical:functional-membranes|nev-battery:separator", "liujiang-xinxing", "450206", 110000, 240, "柳江区人民政府", "building", (2024, 6), 5, 1.02, False),
    ("h2-liutang", "某氯碱副产氢提纯与加氢站项目（示例）", None, "chemical:hydrogen-users", "liucheng-liutang-chem", "450222", 18000, 40, "柳城六塘化工园区管委会", "operating", (2023, 10), 0, 1.0, False),
    ("steam-luzhai", "某园区集中供热与余热利用项目（示例）", None, "chemical:waste-heat-steam", "luzhai-chem", "450223", 26000, 30, "鹿寨经开区管委会", "full", (2022, 9), 0, 1.0, False),
    ("slag-luzhai", "某工业固废制新型建材项目（示例）", None, "chemical:building-materials", "luzhai-chem", "450223", 22000, 80, "鹿寨县人民政府", "started", (2025, 3), 95, 0.6, True),
    ("electronic-chem", "某电子级化学品项目（示例）", None, "chemical:electronic-chemicals", "liucheng-liutang-chem", "450222", 40000, 90, "市工信局", "negotiating", (2026, 4), 30, 1.0, False),
    ("fluoro-liutang", "某含氟精细化学品项目（示例）", None, "chemical:fluorochemicals|nev-battery:fluorine-raw-materials", "liucheng-liutang-chem", "450222", 70000, 160, "柳城县人民政府", "land", (2025, 5), 20, 1.0, False),
    ("coatings-hexi", "某水性涂料与环保胶粘剂项目（示例）", None, "chemical:coatings-adhesives|forestry:eco-adhesives", "hexi-industrial", "450204", 15000, 45, "市投促局", "operating", (2023, 8), 30, 1.0, False),
    ("pulp-luzhai", "某浆纸一体化项目（示例）", None, "forestry:pulp|forestry:paper-products", "guizhong-forestry", "450223", 260000, 900, "鹿寨县人民政府", "started", (2024, 12), 50, 0.78, False),
    ("mdf-luzhai", "某无醛纤维板项目（示例）", None, "forestry:fibreboard", "guizhong-forestry", "450223", 40000, 150, "市林业和园林局", "building", (2024, 8), 0, 0.9, False),
    ("custom-furniture", "某高端绿色定制家居项目（示例）", "furniture-rongan", "forestry:custom-furniture", "rongan-xiangshan", "450224", 35000, 120, "融安县人民政府", "building", (2024, 10), 35, 0.88, True),
    ("flooring-rongan", "某香杉实木地板项目（示例）", None, "forestry:flooring", "rongan-xiangshan", "450224", 12000, 50, "融安县人民政府", "full", (2022, 4), 10, 1.0, False),
    ("plywood-rongshui", "某生态板与胶合板扩产项目（示例）", None, "forestry:plywood", None, "450225", 9000, 40, "融水县人民政府", "operating", (2023, 6), 20, 1.0, False),
    ("doors-sanjiang", "某木门与木制品项目（示例）", None, "forestry:wood-doors", None, "450226", 6000, 30, "三江县人民政府", "signed", (2025, 11), 15, 1.0, False),
    ("rosin-rongshui", "某松香深加工项目（示例）", None, "forestry:forest-chemicals", None, "450225", 16000, 60, "融水县人民政府", "negotiating", (2026, 3), 60, 1.0, False),
    ("biomass-luzhai", "某林业剩余物生物质热电项目（示例）", None, "forestry:biomass-energy", "guizhong-forestry", "450223", 30000, 70, "市发展改革委", "planning", (2026, 7), 0, 1.0, False),
    ("hardware-liudong", "某家具五金与智能部件项目（示例）", None, "forestry:furniture-hardware", "liudong-auto", "450203", 8000, 25, "柳东新区管委会", "land", (2025, 7), 45, 1.0, False),
    ("luosifen-liunan", "某螺蛳粉预包装扩产项目（示例）", "luosifen-liunan", "luosifen:packaged-luosifen", "liunan-luosifen", "450204", 20000, 60, "市商务局", "operating", (2023, 5), 10, 1.0, False),
    ("sourshoot-liucheng", "某酸笋标准化加工项目（示例）", None, "luosifen:sour-bamboo-shoots", None, "450222", 7000, 35, "柳城县人民政府", "building", (2025, 1), 20, 0.65, False),
    ("coldchain-liunan", "某螺蛳粉冷链物流中心项目（示例）", None, "luosifen:cold-chain", "liunan-luosifen", "450204", 11000, 45, "市商务局", "started", (2025, 4), 10, 1.0, False),
    ("chili-base", "某辣椒种植与加工基地（示例）", "chili-base", "luosifen:chili-cultivation|luosifen:condiments", None, "450223", 5000, 800, "鹿寨县人民政府", "signed", (2025, 12), 0, 1.0, False),
    ("charging-liudong", "某充换电站运营与设备项目（示例）", "charging-liudong", "nev-battery:battery-pack", "liudong-auto", "450203", 25000, 50, "柳东新区管委会", "operating", (2023, 9), 20, 1.0, False),
    ("thermal-liudong", "某新能源汽车热管理系统项目（示例）", None, "nev-battery:thermal-management", "liudong-auto", "450203", 42000, 90, "柳东新区管委会", "building", (2024, 7), 0, 1.0, False),
    ("bms-hightech", "某电池管理系统（BMS）项目（示例）", None, "nev-battery:bms", "liudong-auto", "450203", 18000, 30, "柳州高新区管委会", "negotiating", (2026, 5), 0, 1.0, False),
    ("anode-liujiang", "某人造石墨负极材料项目（示例）", None, "nev-battery:anode", "liujiang-xinxing", "450206", 95000, 280, "柳江区人民政府", "planning", (2026, 10), 0, 1.0, False),
]

# Days the next stage's planned date lies behind the demo's day (2026-12-10) for projects that are
# late; every other project's plan for its next stages was revised to lie ahead of that day.
DEMO_DAY = dt.date(2026, 12, 10)
LATE = {"slag-luzhai": 45, "electrolyte-liutang": 12, "solvent-luzhai": 40, "hardware-liudong": 20,
        "rosin-rongshui": 60, "custom-furniture": 8}

LEADERS = ["（示例）分管副市长", "（示例）市政府副秘书长", "（示例）县（区）长", "（示例）园区管委会主任"]

# project, title, category, department, raised, due, status, resolution
PROBLEMS = [
    ("li2co3-luzhai", "二期用地指标尚未落实，需自治区统筹", "land", "市自然资源局", "2026-06-10", "2026-08-31", "in_progress", ""),
    ("li2co3-luzhai", "项目能评须等量替代能耗指标", "energy", "市发展改革委", "2026-07-05", "2026-10-31", "assigned", ""),
    ("li2co3-luzhai", "110kV 专线接入方案待确认", "utilities", "供电局", "2026-05-12", "2026-07-15", "closed", "已确认接入方案，专线纳入年度电网计划"),
    ("electrolyte-liutang", "环评批复进度滞后", "approval", "市生态环境局", "2026-03-01", "2026-05-31", "resolved", "环评报告书已受理并完成技术审查"),
    ("electrolyte-liutang", "危化品仓储规划许可", "approval", "市住房城乡建设局", "2026-09-20", "2026-12-31", "assigned", ""),
    ("solvent-luzhai", "土地征收尚有 3 户未签约", "land", "鹿寨县人民政府", "2026-04-01", "2026-06-30", "in_progress", ""),
    ("rubber-hexi", "项目贷款授信额度不足", "finance", "市金融办", "2026-08-15", "2026-11-15", "in_progress", ""),
    ("membrane-xinxing", "高级技工招聘缺口约 60 人", "labour", "市人社局", "2026-09-01", "2026-12-31", "in_progress", ""),
    ("membrane-xinxing", "厂区供水管网接驳", "utilities", "市水务集团", "2026-02-10", "2026-04-30", "closed", "接驳工程已完工通水"),
    ("slag-luzhai", "建材产品准入与质检标准对接", "approval", "市工信局", "2026-05-20", "2026-07-31", "returned", ""),
    ("slag-luzhai", "固废原料长期供应协议未签", "other", "鹿寨经开区管委会", "2026-08-01", "2026-09-30", "assigned", ""),
    ("pulp-luzhai", "制浆项目能耗指标缺口", "energy", "市发展改革委", "2026-03-15", "2026-09-30", "in_progress", ""),
    ("pulp-luzhai", "取水许可与排污口设置论证", "approval", "市生态环境局", "2026-06-01", "2027-01-31", "assigned", ""),
    ("pulp-luzhai", "原料林基地林地使用审批", "land", "市林业和园林局", "2025-11-01", "2026-02-28", "closed", "已完成林地使用审批"),
    ("mdf-luzhai", "天然气管道接入", "utilities", "鹿寨县人民政府", "2026-07-01", "2026-09-30", "resolved", "燃气公司已完成管道敷设"),
    ("custom-furniture", "技改贷款贴息申请", "finance", "市金融办", "2026-06-20", "2026-08-31", "assigned", ""),
    ("custom-furniture", "厂房消防验收", "approval", "融安县人民政府", "2026-10-10", "2026-12-20", "in_progress", ""),
    ("sourshoot-liucheng", "发酵车间污水处理设施配套", "utilities", "柳城县人民政府", "2026-04-01", "2026-06-30", "in_progress", ""),
    ("coldchain-liunan", "冷库用电增容", "utilities", "供电局", "2026-09-10", "2026-12-10", "assigned", ""),
    ("fluoro-liutang", "项目安全评价与园区准入", "approval", "柳城六塘化工园区管委会", "2026-05-01", "2026-08-31", "closed", "已通过园区准入评审"),
    ("hardware-liudong", "标准厂房租赁价格协商", "land", "柳东新区管委会", "2026-10-01", "2027-01-15", "assigned", ""),
    ("thermal-liudong", "核心人才住房与子女入学", "labour", "市人社局", "2026-08-01", "2026-10-31", "resolved", "已纳入人才公寓并落实入学"),
]


def add_days(d, n):
    return d + dt.timedelta(days=n)


def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def ladder(pid, start, investment, reached, slip):
    """Planned and actual dates per stage: plans by the typical gaps, actuals `slip` days late;
    the plan of the stages not reached is moved to lie ahead of the demo's day (or `LATE` days
    behind it), as a plan revised along the way would."""
    build_days = 365 if investment < 50000 else 540 if investment < 150000 else 730
    planned, actual = [], []
    d = dt.date(start[0], start[1], 10)
    last_actual = None
    for i, stage in enumerate(STAGES):
        gap = build_days if GAPS[i] is None else GAPS[i]
        d = add_days(d, gap)
        planned.append(d)
        if i <= STAGES.index(reached):
            a = add_days(d, slip if i > 1 else 0)
            if last_actual and a < last_actual:
                a = last_actual
            actual.append(a)
            last_actual = a
        else:
            actual.append(None)
    nxt = STAGES.index(reached) + 1
    if nxt < len(STAGES):
        target = add_days(DEMO_DAY, -LATE[pid] if pid in LATE else 20 + (sum(map(ord, pid)) % 90))
        shift = (target - planned[nxt]).days
        if shift > 0 or pid in LATE:
            for i in range(nxt, len(STAGES)):
                planned[i] = add_days(planned[i], shift)
    return planned, actual


def reports(pid, investment, planned, actual, pace, skip_last):
    """Monthly reports from the month construction started to the demo month."""
    started = actual[STAGES.index("started")]
    if started is None:
        return []
    path_from, path_to = planned[STAGES.index("started")], planned[STAGES.index("operating")]
    operating = actual[STAGES.index("operating")]
    out, total = [], 0.0
    y, m = started.year, started.month
    while (y, m) <= DEMO_MONTH:
        end = month_end(y, m)
        share = min(max((end - path_from).days / (path_to - path_from).days, 0.0), 1.0)
        target = round(investment * min(1.0, pace * share) / 10) * 10
        if operating and end >= operating:
            target = investment
        month_inv = max(target - total, 0.0)
        total += month_inv
        pct = round(100 * total / investment)
        if operating and end >= operating:
            text, output = "已投产", round(investment * 0.11 * min(1.0, (end - operating).days / 365 + 0.3))
        elif pct < 15:
            text, output = "场地平整与桩基施工", None
        elif pct < 60:
            text, output = "主体结构施工", None
        else:
            text, output = "设备安装调试", None
        out.append((pid, f"{y:04d}-{m:02d}", month_inv, total, pct, text, output))
        y, m = (y + (m == 12), m % 12 + 1)
    if skip_last and out and out[-1][1] == f"{DEMO_MONTH[0]:04d}-{DEMO_MONTH[1]:02d}":
        out.pop()
    return out


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    lines = [
        "# Illustrative projects under service for the Liuzhou demo — written by generate_projects.py,",
        "# do not edit by hand. Every figure is made up (source = \"illustrative\"). Money in 万元, land in 亩.",
        "",
    ]
    all_reports = []
    for n, (pid, name, cand, nodes, park, region, inv, land, dept, reached, start, slip, pace, skip) in enumerate(PROJECTS):
        planned, actual = ladder(pid, start, inv, reached, slip)
        lines += ["[[project]]", f"id = {q(pid)}", f"name = {q(name)}"]
        if cand:
            lines.append(f"candidate = {q(cand)}")
        lines.append("nodes = [" + ", ".join(q(x) for x in nodes.split("|")) + "]")
        if park:
            lines.append(f"park = {q(park)}")
        lines += [
            f"region = {q(region)}",
            f"investment = {inv}",
            f"land_mu = {land}",
            f"annual_plan = {round(inv * 0.3)}",
            f"department = {q(dept)}",
            f"leader = {q(LEADERS[n % len(LEADERS)])}",
            f"contact = {q('（示例）项目专班联络员')}",
        ]
        stages = []
        for i, s in enumerate(STAGES):
            a = f", actual = {q(actual[i].isoformat())}" if actual[i] else ""
            stages.append(f"  {{ stage = {q(s)}, planned = {q(planned[i].isoformat())}{a} }},")
        lines += ["stages = ["] + stages + ["]", ""]
        all_reports += reports(pid, inv, planned, actual, pace, skip)
    # Monthly reports (调度) first: a TOML key after a [[table]] header would belong to it.
    head = ["report = ["]
    for pid, month, inv_m, total, pct, text, output in all_reports:
        out = f", output = {output}" if output is not None else ""
        head.append(
            f"  {{ project = {q(pid)}, month = {q(month)}, invested_month = {inv_m:.0f}, "
            f"invested_total = {total:.0f}, progress_pct = {pct}, progress_text = {q(text)}{out} }},"
        )
    head += ["]", ""]
    lines = lines[:3] + head + lines[3:]
    for pid, title, cat, dept, raised, due, status, resolution in PROBLEMS:
        lines += [
            "[[problem]]",
            f"project = {q(pid)}",
            f"title = {q(title)}",
            f"category = {q(cat)}",
            f"department = {q(dept)}",
            f"raised = {q(raised)}",
            f"due = {q(due)}",
            f"status = {q(status)}",
        ]
        if resolution:
            lines.append(f"resolution = {q(resolution)}")
        lines.append("")
    with open(os.path.join(HERE, "projects.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
