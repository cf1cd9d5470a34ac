#!/usr/bin/env python3
"""Write the Liuzhou demo data set (CSV files next to this script).

Standard-library Python only, fixed random seed, deterministic output.

What is public and what is made up
----------------------------------
* regions.csv uses GB/T 2260 codes and names (checked against the NBS 2023 statistical division codes).
* facts.csv holds the published figures used here, each with its source: the four articles of the
  「学理论·用理论」 column by researchers of 中共柳州市委党校 (chemicals, private economy, industrial
  workers, forestry; 2025). The demo's totals are not those figures: see README.md, "Public figures
  and demo totals".
* The firms in NAMED_FIRMS are named in public reporting about Liuzhou's industries; their chain role
  is taken from that reporting, but their region/park placement may be approximate and every number
  attached to them (output, employees, land, links …) is ILLUSTRATIVE. Their USCCs are generated
  (correct check digit, not the real code) and flagged with uscc_illustrative = 1.
* Every other firm is made up; the names contain “示例” so they cannot be mistaken for real firms.
* All enterprise years, supply links and park areas carry source = "illustrative".

Node ids are read from ../chains/*.toml so the data set cannot drift from the chain templates.
"""

import csv
import glob
import os
import random
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN_DIR = os.path.join(HERE, "..", "chains")
SEED = 450200
YEARS = [2021, 2022, 2023, 2024]

# --------------------------------------------------------------------------------------------------
# chains
# --------------------------------------------------------------------------------------------------
CHAINS = {}  # chain id -> {"nodes": set, "edges": [(from, to, kind, coef)]}
for path in sorted(glob.glob(os.path.join(CHAIN_DIR, "*.toml"))):
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    CHAINS[doc["id"]] = {
        "nodes": {n["id"] for n in doc["nodes"]},
        "edges": [(e["from"], e["to"], e["kind"], e.get("coefficient")) for e in doc.get("edges", [])],
    }

# Nodes that public reporting describes as missing in Liuzhou: no local firm may sit on them.
MISSING_LOCALLY = {
    ("nev-battery", "lithium-carbonate"),
    ("nev-battery", "lithium-hexafluorophosphate"),
    ("nev-battery", "electrolyte"),
    ("nev-battery", "cathode"),
}

# --------------------------------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------------------------------
SOURCES = [
    # id, kind, title_zh, title_en, publisher, published, url
    ("illustrative", "illustrative", "示例数据（虚构，仅用于演示）", "Illustrative demo data (made up)", "", "", ""),
    ("dangxiao-a1-chemical", "public", "《加快推动柳州化工产业绿色低碳高质量发展》（黄志华，“学理论·用理论”专栏）",
     "Accelerating the green, low-carbon, high-quality development of Liuzhou's chemical industry (Huang Zhihua)",
     "中共柳州市委党校", "2025", ""),
    ("dangxiao-a2-private", "public", "《柳州民营企业发展新质生产力的三重突破》（韦利如，“学理论·用理论”专栏）",
     "Three breakthroughs of Liuzhou's private enterprises in new quality productive forces (Wei Liru)",
     "中共柳州市委党校", "2025", ""),
    ("dangxiao-a3-workers", "public", "《深化产业工人队伍建设改革 助推新质生产力发展》（廖彩吉，“学理论·用理论”专栏）",
     "Deepening the reform of the industrial workforce (Liao Caiji)", "中共柳州市委党校", "2025", ""),
    ("dangxiao-a4-forestry", "public", "《以全产业链思维推动柳州林木加工产业高质量发展》（陆校，“学理论·用理论”专栏）",
     "Whole-chain thinking for Liuzhou's wood-processing industry (Lu Xiao)", "中共柳州市委党校", "2025", ""),
    ("gbt2260-nbs-2023", "public", "2023年统计用区划代码和城乡划分代码",
     "Statistical division codes 2023 (GB/T 2260 based)", "国家统计局", "2023-09-11", ""),
]

# --------------------------------------------------------------------------------------------------
# regions (GB/T 2260)
# --------------------------------------------------------------------------------------------------
REGIONS = [
    # code, name_zh, name_en, level, parent
    ("450000", "广西壮族自治区", "Guangxi Zhuang Autonomous Region", "province", ""),
    ("450200", "柳州市", "Liuzhou", "prefecture", "450000"),
    ("450202", "城中区", "Chengzhong District", "district", "450200"),
    ("450203", "鱼峰区", "Yufeng District", "district", "450200"),
    ("450204", "柳南区", "Liunan District", "district", "450200"),
    ("450205", "柳北区", "Liubei District", "district", "450200"),
    ("450206", "柳江区", "Liujiang District", "district", "450200"),
    ("450222", "柳城县", "Liucheng County", "county", "450200"),
    ("450223", "鹿寨县", "Luzhai County", "county", "450200"),
    ("450224", "融安县", "Rong'an County", "county", "450200"),
    ("450225", "融水苗族自治县", "Rongshui Miao Autonomous County", "county", "450200"),
    ("450226", "三江侗族自治县", "Sanjiang Dong Autonomous County", "county", "450200"),
    # other Guangxi prefectures used as supplier regions
    ("450100", "南宁市", "Nanning", "prefecture", "450000"),
    ("450300", "桂林市", "Guilin", "prefecture", "450000"),
    ("450500", "北海市", "Beihai", "prefecture", "450000"),
    ("450600", "防城港市", "Fangchenggang", "prefecture", "450000"),
    ("450800", "贵港市", "Guigang", "prefecture", "450000"),
    ("451200", "河池市", "Hechi", "prefecture", "450000"),
    # provinces and prefectures outside Guangxi used as supplier regions
    ("310000", "上海市", "Shanghai", "province", ""),
    ("320000", "江苏省", "Jiangsu", "province", ""),
    ("320400", "常州市", "Changzhou", "prefecture", "320000"),
    ("320500", "苏州市", "Suzhou", "prefecture", "320000"),
    ("320900", "盐城市", "Yancheng", "prefecture", "320000"),
    ("330000", "浙江省", "Zhejiang", "province", ""),
    ("330800", "衢州市", "Quzhou", "prefecture", "330000"),
    ("340000", "安徽省", "Anhui", "province", ""),
    ("340100", "合肥市", "Hefei", "prefecture", "340000"),
    ("350000", "福建省", "Fujian", "province", ""),
    ("350900", "宁德市", "Ningde", "prefecture", "350000"),
    ("360000", "江西省", "Jiangxi", "province", ""),
    ("360500", "新余市", "Xinyu", "prefecture", "360000"),
    ("360900", "宜春市", "Yichun", "prefecture", "360000"),
    ("370000", "山东省", "Shandong", "province", ""),
    ("370200", "青岛市", "Qingdao", "prefecture", "370000"),
    ("430000", "湖南省", "Hunan", "province", ""),
    ("430100", "长沙市", "Changsha", "prefecture", "430000"),
    ("430700", "常德市", "Changde", "prefecture", "430000"),
    ("440000", "广东省", "Guangdong", "province", ""),
    ("440100", "广州市", "Guangzhou", "prefecture", "440000"),
    ("440300", "深圳市", "Shenzhen", "prefecture", "440000"),
    ("440600", "佛山市", "Foshan", "prefecture", "440000"),
    ("441300", "惠州市", "Huizhou", "prefecture", "440000"),
    ("441900", "东莞市", "Dongguan", "prefecture", "440000"),
    ("510000", "四川省", "Sichuan", "province", ""),
    ("510100", "成都市", "Chengdu", "prefecture", "510000"),
    ("520000", "贵州省", "Guizhou", "province", ""),
    ("520100", "贵阳市", "Guiyang", "prefecture", "520000"),
    ("520200", "六盘水市", "Liupanshui", "prefecture", "520000"),
    ("520300", "遵义市", "Zunyi", "prefecture", "520000"),
    ("530000", "云南省", "Yunnan", "province", ""),
    ("530100", "昆明市", "Kunming", "prefecture", "530000"),
    ("530400", "玉溪市", "Yuxi", "prefecture", "530000"),
]
REGION_NAME = {r[0]: r[1] for r in REGIONS}

# --------------------------------------------------------------------------------------------------
# parks (areas are illustrative)
# --------------------------------------------------------------------------------------------------
PARKS = [
    # id, name_zh, name_en, region, kind, grade, area_mu
    ("luzhai-chem", "鹿寨县经开区化工园区", "Luzhai Economic Development Zone Chemical Park", "450223", "chemical",
     "自治区认定D级化工园区", None),
    ("liucheng-liutang-chem", "柳城县六塘化工园区", "Liucheng Liutang Chemical Park", "450222", "chemical",
     "自治区认定D级化工园区", None),
    ("guizhong-forestry", "鹿寨桂中现代林业科技产业园", "Luzhai Guizhong Modern Forestry Science and Technology Park",
     "450223", "forestry", "国家级示范园区（现代林业）", None),
    ("liudong-auto", "柳东新区汽车产业园", "Liudong New Area Automotive Park", "450203", "auto",
     "国家级新区内产业园", 30000),
    ("hexi-industrial", "柳州河西工业园", "Liuzhou Hexi Industrial Park", "450204", "industrial", "市级工业园区", 15000),
    ("rongan-xiangshan", "融安县香杉木材加工产业园", "Rong'an Fragrant-Fir Wood Processing Park", "450224", "forestry",
     "县级产业园区", 5000),
    ("liunan-luosifen", "柳南区螺蛳粉产业园", "Liunan Luosifen Industrial Park", "450204", "food", "市级特色产业园区", 3000),
    ("liujiang-xinxing", "柳江区新兴工业园", "Liujiang Xinxing Industrial Park", "450206", "industrial",
     "自治区级工业园区", 20000),
]

# Approximate park locations (WGS 84), placed by the county and town each park is named after:
# illustrative, for drawing a marker on the county map, not surveyed.
PARK_LOCATION = {
    "luzhai-chem": (109.70, 24.44),
    "liucheng-liutang-chem": (109.35, 24.62),
    "guizhong-forestry": (109.76, 24.50),
    "liudong-auto": (109.55, 24.37),
    "hexi-industrial": (109.37, 24.29),
    "rongan-xiangshan": (109.40, 25.23),
    "liunan-luosifen": (109.34, 24.32),
    "liujiang-xinxing": (109.33, 24.20),
}

# Production bases abroad of named firms (illustrative counts). Other private firms get one with
# a small chance (see main).
OVERSEAS_BASES = {"上汽通用五菱汽车股份有限公司": 2}

# 战略性新兴产业: every firm of the NEV and battery chain; high-tech firms of the chemical and
# forestry chains' new-material nodes; none else (illustrative, by the chain a firm is on).
SEI_NODES = {("chemical", n) for n in ("high-performance-polymers", "special-rubber", "functional-membranes",
                                      "fluorochemicals", "electronic-chemicals", "hydrogen-users")}

PARK_SOURCE = {"luzhai-chem": "dangxiao-a1-chemical", "liucheng-liutang-chem": "dangxiao-a1-chemical",
               "guizhong-forestry": "dangxiao-a4-forestry"}

# --------------------------------------------------------------------------------------------------
# firms named in public reporting (placement approximate, all figures illustrative)
# --------------------------------------------------------------------------------------------------
# key, name, region, park, ownership, industry_code, main_products, high_tech, specialized, listed, founded,
# 2024 output (万元, illustrative), memberships {chain: [(node, share or None)]}
NAMED_FIRMS = [
    # Liuzhou's flagship vehicle maker (SAIC / GM / Guangxi Automobile joint venture, hence "foreign").
    ("sgmw", "上汽通用五菱汽车股份有限公司", "450204", "hexi-industrial", "foreign", "3612",
     "新能源乘用车、微型电动车、商用车", 1, 0, 0, 2002, 6_500_000, {"nev-battery": [("vehicle", None)]}),
    # Dongfeng Liuzhou Motor: passenger cars and commercial vehicles incl. NEV models.
    ("dflzm", "东风柳州汽车有限公司", "450205", "", "state", "3611",
     "乘用车、商用车（含新能源车型）", 1, 0, 0, 2001, 1_600_000, {"nev-battery": [("vehicle", None)]}),
    # Guangxi Automobile Group (ex-Wuling group): parts, special vehicles.
    ("gxauto", "广西汽车集团有限公司", "450204", "hexi-industrial", "state", "3670",
     "汽车零部件、新能源专用车", 1, 0, 0, 1958, 1_300_000,
     {"nev-battery": [("auto-parts", 0.7), ("vehicle", 0.3)]}),
    # Listed parts maker of the Wuling group (HK-listed parent, hence "hmt").
    ("wuling-ind", "柳州五菱汽车工业有限公司", "450204", "hexi-industrial", "hmt", "3670",
     "底盘、车身结构件、汽车零部件", 1, 0, 0, 2007, 900_000,
     {"nev-battery": [("body-chassis", 0.5), ("auto-parts", 0.5)]}),
    # Liuzhou steel: a small share of its output is automotive steel.
    ("liugang", "柳州钢铁股份有限公司", "450205", "", "state", "3130",
     "钢材（含汽车用冷轧板）", 1, 0, 1, 2000, 8_500_000, {"nev-battery": [("steel-materials", 0.12)]}),
    # Gotion's Liuzhou battery base: the main local cell/pack maker.
    ("gotion-lz", "柳州国轩电池有限公司", "450203", "liudong-auto", "private", "3841",
     "磷酸铁锂动力电池电芯、电池包", 1, 0, 0, 2020, 450_000,
     {"nev-battery": [("battery-cell", 0.6), ("battery-pack", 0.4)]}),
    # Named in reporting on the battery chain; modelled modestly as a recycling / second-life firm.
    ("repsec", "广西瑞普赛克新能源科技有限公司", "450206", "liujiang-xinxing", "private", "3841",
     "锂离子电池（电芯、电池包）", 1, 0, 0, 2021, 18_000,
     {"nev-battery": [("battery-cell", 0.7), ("battery-pack", 0.3)]}),
    # Chip / vehicle-electronics firm (exact registered name uncertain).
    ("qixin", "柳州颀芯科技有限公司", "450203", "liudong-auto", "private", "3973",
     "车规级芯片、汽车电子模块", 1, 1, 0, 2022, 12_000,
     {"nev-battery": [("vehicle-chips", 0.6), ("vehicle-electronics", 0.4)]}),
    # ITO sputtering targets for displays (in-car screens among others).
    ("jinglian", "广西晶联光电材料有限责任公司", "450205", "", "private", "3985",
     "ITO靶材", 1, 1, 0, 2002, 30_000, {"nev-battery": [("display-materials", None)]}),
    # Luosifen makers named in reporting.
    ("luobawang", "广西螺霸王食品科技有限公司", "450204", "liunan-luosifen", "private", "1439",
     "预包装螺蛳粉", 1, 0, 0, 2014, 60_000, {"luosifen": [("packaged-luosifen", None)]}),
    ("shanyuan", "柳州市善元食品有限公司", "450204", "liunan-luosifen", "private", "1439",
     "预包装螺蛳粉、米粉", 1, 0, 0, 2015, 35_000,
     {"luosifen": [("packaged-luosifen", 0.8), ("rice-noodles", 0.2)]}),
    ("guanggui", "柳州市广桂食品有限公司", "450203", "", "private", "1439",
     "预包装螺蛳粉", 1, 0, 0, 2016, 20_000, {"luosifen": [("packaged-luosifen", None)]}),
    # Board makers named in reporting on the Guizhong forestry park.
    ("zhuangxiang", "广西壮象木业有限公司", "450223", "guizhong-forestry", "private", "2023",
     "刨花板、饰面板", 1, 0, 0, 2017, 60_000,
     {"forestry": [("particleboard", 0.8), ("wood-residues", 0.05)]}),
    ("xinhengjing", "广西鑫恒晶木业有限公司", "450223", "guizhong-forestry", "private", "2021",
     "胶合板、细木工板", 1, 0, 0, 2018, 25_000,
     {"forestry": [("plywood", 0.6), ("blockboard", 0.35), ("wood-residues", 0.05)]}),
]

# --------------------------------------------------------------------------------------------------
# made-up firms, generated from specs: name stem "<place>示例<word><trade>有限公司"
# --------------------------------------------------------------------------------------------------
# (count, trade name, regions, park, ownership choices, industry_code, main_products, 2024 output range 万元,
#  high-tech probability, memberships {chain: [(node, share)]})
GENERIC_SPECS = [
    # ---- NEV: strong local vehicle, parts, body; no firm on the four missing material nodes.
    (1, "专用汽车", ["450206"], "liujiang-xinxing", ["private"], "3612", "新能源专用车、物流车", (40_000, 90_000), 0.8,
     {"nev-battery": [("vehicle", None)]}),
    (2, "电池系统", ["450203", "450206"], "liudong-auto", ["private"], "3841", "电池包、储能电池系统",
     (8_000, 40_000), 0.9, {"nev-battery": [("battery-pack", 0.7), ("energy-storage", 0.3)]}),
    (2, "电子", ["450203", "450205"], "liudong-auto", ["private"], "3982", "电池管理系统、采集板", (3_000, 12_000),
     1.0, {"nev-battery": [("bms", None)]}),
    (2, "电机", ["450204", "450203"], "hexi-industrial", ["private", "state"], "3812", "驱动电机、电驱总成",
     (10_000, 60_000), 0.9, {"nev-battery": [("motor", None)]}),
    (2, "电控", ["450203"], "liudong-auto", ["private"], "3824", "电机控制器、车载DC/DC", (4_000, 20_000), 1.0,
     {"nev-battery": [("motor-controller", None)]}),
    (2, "热管理", ["450204", "450206"], "", ["private", "foreign"], "3670", "电池液冷板、汽车空调", (8_000, 30_000),
     0.6, {"nev-battery": [("thermal-management", None)]}),
    (2, "汽车电子", ["450203", "450205"], "liudong-auto", ["private"], "3962", "智能座舱、车载终端、线束",
     (6_000, 30_000), 0.8, {"nev-battery": [("vehicle-electronics", None)]}),
    (1, "显示", ["450205"], "", ["private"], "3974", "车载显示模组", (5_000, 15_000), 1.0,
     {"nev-battery": [("in-car-display", None)]}),
    (4, "车身", ["450204", "450203", "450206"], "hexi-industrial", ["private", "state"], "3660",
     "白车身、冲压件、底盘件", (20_000, 160_000), 0.4, {"nev-battery": [("body-chassis", None)]}),
    (2, "橡塑", ["450205", "450206"], "", ["private"], "2913", "密封条、橡胶件、汽车塑料件", (5_000, 25_000), 0.3,
     {"nev-battery": [("tyres-rubber", None)]}),
    (14, "汽车零部件", ["450204", "450203", "450206", "450205", "450202"], "hexi-industrial",
     ["private", "private", "private", "foreign", "state"], "3670", "座椅、内饰、制动、转向、车灯等汽车零部件",
     (5_000, 180_000), 0.5, {"nev-battery": [("auto-parts", None)]}),
    (2, "充电", ["450202", "450203"], "", ["private", "state"], "3829", "充电桩、换电站运营", (1_500, 8_000), 0.7,
     {"nev-battery": [("charging", None)]}),
    (1, "再生资源", ["450222"], "", ["private"], "4210", "废旧电池拆解、金属回收", (1_500, 5_000), 0.3,
     {"nev-battery": [("battery-recycling", None)]}),
    (1, "汽车检测", ["450203"], "liudong-auto", ["state"], "7452", "汽车及零部件检测", (1_500, 6_000), 1.0,
     {"nev-battery": [("testing-rd", None)]}),
    (2, "汽车物流", ["450204", "450203"], "", ["state", "private"], "5431", "整车及零部件物流", (20_000, 80_000), 0.0,
     {"nev-battery": [("auto-logistics", None)]}),
    # At most one tiny firm on carbonate solvents (it mainly makes other specialty chemicals).
    (1, "精细化学品", ["450223"], "luzhai-chem", ["private"], "2614", "碳酸二甲酯（小批量）、有机溶剂",
     (800, 1_500), 0.0, {"nev-battery": [("carbonate-solvents", 0.3)], "chemical": [("specialty-chemicals", 0.7)]}),
    # ---- chemical: firms in the two chemical parks
    (2, "氯碱", ["450223", "450222"], "luzhai-chem", ["state", "private"], "2612", "烧碱、液氯、盐酸、副产氢",
     (40_000, 90_000), 0.3,
     {"chemical": [("chlor-alkali", 0.75), ("chlor-alkali-hydrogen", 0.05), ("chlorine-derivatives", 0.2)]}),
    (2, "双氧水", ["450223", "450222"], "luzhai-chem", ["private"], "2619", "双氧水、工业氢气", (6_000, 20_000), 0.3,
     {"chemical": [("hydrogen-users", None)]}),
    (2, "氯产品", ["450222", "450223"], "liucheng-liutang-chem", ["private"], "2614", "氯乙酸、三氯化磷、次氯酸钠",
     (8_000, 25_000), 0.4, {"chemical": [("chlorine-derivatives", None)]}),
    (2, "硫酸", ["450223", "450222"], "luzhai-chem", ["private", "state"], "2611", "硫酸、余热蒸汽",
     (6_000, 18_000), 0.1, {"chemical": [("sulfuric-acid", 0.85), ("waste-heat-steam", 0.15)]}),
    (2, "磷化工", ["450223"], "luzhai-chem", ["private"], "2613", "磷酸、磷酸盐", (10_000, 30_000), 0.4,
     {"chemical": [("phosphorus-chemicals", None)]}),
    (1, "合成氨", ["450223"], "luzhai-chem", ["state"], "2621", "合成氨、液氨", (20_000, 35_000), 0.2,
     {"chemical": [("synthetic-ammonia", 0.9), ("waste-heat-steam", 0.1)]}),
    (4, "化肥", ["450223", "450222", "450206"], "luzhai-chem", ["state", "private"], "2624", "复合肥、磷肥、尿素",
     (8_000, 60_000), 0.2, {"chemical": [("fertilizer", None)]}),
    (3, "农药", ["450222", "450223"], "liucheng-liutang-chem", ["private"], "2631", "除草剂、杀虫剂原药及制剂",
     (5_000, 30_000), 0.6, {"chemical": [("pesticide", None)]}),
    (1, "氟化工", ["450222"], "liucheng-liutang-chem", ["private"], "2613", "氟化盐、含氟中间体", (5_000, 15_000),
     0.6, {"chemical": [("fluorochemicals", None)]}),
    (3, "化学助剂", ["450222", "450223", "450206"], "liucheng-liutang-chem", ["private"], "2662",
     "水处理剂、造纸助剂、催化剂", (2_500, 12_000), 0.7, {"chemical": [("specialty-chemicals", None)]}),
    (1, "电子材料", ["450223"], "luzhai-chem", ["private"], "3985", "湿电子化学品、高纯试剂", (2_500, 8_000), 1.0,
     {"chemical": [("electronic-chemicals", None)]}),
    (1, "新材料", ["450223"], "luzhai-chem", ["private"], "2651", "改性工程塑料（小批量）",
     (6_000, 25_000), 1.0, {"chemical": [("high-performance-polymers", None)]}),
    (1, "树脂", ["450206"], "luzhai-chem", ["private"], "2651", "特种树脂、胶黏剂用树脂",
     (6_000, 25_000), 1.0, {"chemical": [("coatings-adhesives", None)]}),
    (1, "橡胶", ["450222"], "liucheng-liutang-chem", ["private"], "2652", "特种合成橡胶", (4_000, 12_000), 0.8,
     {"chemical": [("special-rubber", None)]}),
    (1, "膜材料", ["450223"], "luzhai-chem", ["private"], "2659", "离子交换膜、分离膜", (2_500, 8_000), 1.0,
     {"chemical": [("functional-membranes", None)]}),
    (2, "建材", ["450223", "450222"], "", ["private", "state"], "3011", "水泥、石膏板（利用磷石膏、电石渣）",
     (10_000, 40_000), 0.2, {"chemical": [("building-materials", None)]}),
    (1, "热电", ["450223"], "luzhai-chem", ["state"], "4412", "园区集中供热、热电联产", (15_000, 30_000), 0.0,
     {"chemical": [("power-steam", None)]}),
    (1, "危化物流", ["450223"], "luzhai-chem", ["private"], "5435", "危化品运输仓储", (1_500, 5_000), 0.0,
     {"chemical": [("hazchem-logistics", None)]}),
    (1, "环保", ["450222"], "liucheng-liutang-chem", ["private"], "4620", "园区污水处理、危废处置",
     (1_500, 6_000), 0.3, {"chemical": [("environmental-services", None)]}),
    # adhesive and coating makers serve both the chemical and the forestry chain
    (2, "胶业", ["450223", "450224"], "guizhong-forestry", ["private"], "2669", "无醛胶、脲醛树脂胶",
     (3_000, 15_000), 0.5, {"chemical": [("coatings-adhesives", 0.7)], "forestry": [("eco-adhesives", 0.3)]}),
    (1, "涂料", ["450223"], "luzhai-chem", ["private"], "2641", "水性木器漆、工业涂料", (3_000, 10_000), 0.6,
     {"chemical": [("coatings-adhesives", 0.6)], "forestry": [("eco-coatings", 0.4)]}),
    # ---- forestry: 融安 is the fragrant-fir board centre, 鹿寨 hosts the Guizhong park
    (2, "林业", ["450225", "450226"], "", ["state"], "0220", "杉木、桉树人工林营造与管护", (2_000, 8_000), 0.0,
     {"forestry": [("fir-plantation", 0.6), ("eucalyptus-plantation", 0.3), ("seedlings", 0.1)]}),
    (3, "木材采运", ["450224", "450225", "450226"], "", ["private"], "0241", "杉木原木采伐、运输", (3_000, 15_000), 0.0,
     {"forestry": [("logs", None)]}),
    (2, "锯材", ["450224", "450222"], "", ["private"], "2011", "杉木锯材、板方材", (2_000, 10_000), 0.0,
     {"forestry": [("sawn-timber", 0.9), ("wood-residues", 0.1)]}),
    (6, "单板", ["450224", "450224", "450225", "450226"], "rongan-xiangshan", ["private"], "2013",
     "杉木单板", (2_000, 12_000), 0.0, {"forestry": [("veneer", 0.9), ("wood-residues", 0.1)]}),
    (6, "板业", ["450224", "450224", "450224", "450223"], "rongan-xiangshan", ["private"], "2029",
     "香杉细木工板、生态板、胶合板", (3_000, 25_000), 0.3,
     {"forestry": [("blockboard", 0.6), ("plywood", 0.35), ("wood-residues", 0.05)]}),
    (3, "胶合板", ["450224", "450223"], "rongan-xiangshan", ["private"], "2021", "胶合板、建筑模板",
     (3_000, 20_000), 0.2, {"forestry": [("plywood", 0.95), ("wood-residues", 0.05)]}),
    (1, "纤维板", ["450223"], "guizhong-forestry", ["private"], "2022", "中高密度纤维板", (15_000, 40_000), 0.5,
     {"forestry": [("fibreboard", None)]}),
    (1, "刨花板", ["450223"], "guizhong-forestry", ["private"], "2023", "刨花板", (10_000, 30_000), 0.5,
     {"forestry": [("particleboard", None)]}),
    (2, "实木家具", ["450205", "450206"], "", ["private"], "2110", "实木桌椅、实木床", (2_000, 10_000), 0.2,
     {"forestry": [("solid-wood-furniture", 0.95), ("wood-residues", 0.05)]}),
    (2, "家具", ["450223", "450206"], "guizhong-forestry", ["private"], "2110", "板式家具、办公家具",
     (3_000, 15_000), 0.3, {"forestry": [("panel-furniture", None)]}),
    (2, "家居", ["450223", "450204"], "guizhong-forestry", ["private"], "2110", "全屋定制、整体橱柜",
     (3_000, 20_000), 0.4, {"forestry": [("custom-furniture", None)]}),
    (1, "地板", ["450223"], "guizhong-forestry", ["private"], "2034", "实木复合地板、强化地板", (3_000, 10_000), 0.3,
     {"forestry": [("flooring", None)]}),
    (1, "木门", ["450206"], "", ["private"], "2032", "木门、木窗", (1_500, 6_000), 0.2,
     {"forestry": [("wood-doors", None)]}),
    (1, "纸业", ["450223"], "", ["private"], "2221", "木浆、文化用纸、包装纸板", (20_000, 50_000), 0.3,
     {"forestry": [("pulp", 0.4), ("paper-products", 0.6)]}),
    (1, "林化", ["450225"], "", ["private"], "2663", "松香、松节油", (3_000, 10_000), 0.2,
     {"forestry": [("forest-chemicals", 0.8), ("pine-resin-collection", 0.2)]}),
    (1, "生物质能源", ["450223"], "guizhong-forestry", ["private"], "4417", "生物质发电、成型燃料", (5_000, 15_000),
     0.3, {"forestry": [("biomass-energy", None)]}),
    (1, "装饰材料", ["450223"], "guizhong-forestry", ["private"], "2223", "浸渍胶膜纸、装饰纸", (2_000, 8_000), 0.3,
     {"forestry": [("decorative-surfaces", None)]}),
    (1, "五金", ["450204"], "", ["private"], "3351", "铰链、滑轨等家具五金", (1_500, 6_000), 0.2,
     {"forestry": [("furniture-hardware", None)]}),
    (1, "木工机械", ["450205"], "", ["private"], "3524", "旋切机、热压机", (1_500, 5_000), 0.5,
     {"forestry": [("wood-machinery", None)]}),
    (1, "木材市场", ["450224"], "rongan-xiangshan", ["private"], "5115", "木材及板材交易、物流", (1_000, 4_000), 0.0,
     {"forestry": [("timber-trade-logistics", None)]}),
    # ---- luosifen: makers in 柳南/鱼峰/柳江, sour shoots and snails from the counties
    (7, "螺蛳粉", ["450204", "450204", "450203", "450206"], "liunan-luosifen", ["private"], "1439",
     "预包装螺蛳粉", (1_500, 25_000), 0.2, {"luosifen": [("packaged-luosifen", None)]}),
    (4, "米粉", ["450204", "450206", "450222", "450203"], "liunan-luosifen", ["private"], "1431", "干切粉、鲜湿米粉",
     (3_000, 20_000), 0.0, {"luosifen": [("rice-noodles", None)]}),
    (1, "粮油", ["450206"], "", ["private"], "1311", "早籼米加工", (2_000, 6_000), 0.0,
     {"luosifen": [("rice-milling", None)]}),
    (1, "农业", ["450222"], "", ["private"], "0111", "优质稻种植", (500, 1_500), 0.0,
     {"luosifen": [("rice-cultivation", None)]}),
    (5, "笋业", ["450224", "450223", "450206", "450226", "450225"], "", ["private"], "1371", "酸笋、竹笋", (2_000, 12_000), 0.0,
     {"luosifen": [("sour-bamboo-shoots", 0.85), ("bamboo-shoot-cultivation", 0.15)]}),
    (1, "竹笋", ["450225"], "", ["private"], "0141", "竹笋种植", (400, 1_500), 0.0,
     {"luosifen": [("bamboo-shoot-cultivation", None)]}),
    (2, "螺蛳养殖", ["450206", "450222"], "", ["private"], "0412", "螺蛳养殖、稻螺共养", (500, 2_500), 0.0,
     {"luosifen": [("snail-farming", None)]}),
    (2, "汤料", ["450204", "450206"], "liunan-luosifen", ["private"], "1469", "螺蛳汤料包、螺肉", (4_000, 15_000), 0.2,
     {"luosifen": [("snail-broth", None)]}),
    (2, "调味品", ["450204", "450203"], "liunan-luosifen", ["private"], "1469", "辣椒油、醋包", (3_000, 12_000), 0.1,
     {"luosifen": [("condiments", None)]}),
    (2, "豆制品", ["450203", "450206"], "", ["private"], "1392", "炸腐竹、油炸花生", (2_000, 6_000), 0.0,
     {"luosifen": [("beancurd-peanut-toppings", None)]}),
    (1, "食品配料", ["450206"], "", ["private"], "1371", "酸豆角、木耳、脱水青菜", (800, 3_000), 0.0,
     {"luosifen": [("dried-vegetables", None)]}),
    # a packaging firm serves luosifen makers and sells paper boxes (paper products, forestry chain)
    (2, "包装", ["450204", "450205"], "liunan-luosifen", ["private"], "2921", "复合包装膜、纸盒、纸箱",
     (4_000, 15_000), 0.3, {"luosifen": [("packaging", 0.7)]}),
    (1, "冷链", ["450204"], "", ["private"], "5432", "冷藏运输、冷库", (1_000, 4_000), 0.0,
     {"luosifen": [("cold-chain", None)]}),
    (1, "供应链", ["450204"], "liunan-luosifen", ["private"], "6020", "快递仓配", (1_000, 5_000), 0.0,
     {"luosifen": [("express-logistics", None)]}),
    (1, "电子商务", ["450202"], "", ["private"], "5292", "螺蛳粉电商、直播带货", (1_000, 12_000), 0.0,
     {"luosifen": [("ecommerce-live", None)]}),
    (2, "餐饮管理", ["450202", "450203"], "", ["private"], "6291", "螺蛳粉连锁门店", (500, 4_000), 0.0,
     {"luosifen": [("restaurants", None)]}),
    (1, "质检", ["450204"], "", ["state"], "7452", "食品检验检测", (500, 2_000), 0.5,
     {"luosifen": [("testing-inspection", None)]}),
    (1, "食品机械", ["450206"], "", ["private"], "3531", "米粉生产线、包装设备", (1_500, 5_000), 0.6,
     {"luosifen": [("food-machinery", None)]}),
    # ---- appended (after every older spec, so older firms keep their codes and names): the 桉木 path in 鹿寨
    (2, "木材", ["450223"], "", ["private"], "0241", "桉木原木采伐、运输", (2_000, 8_000), 0.0,
     {"forestry": [("eucalyptus-logs", None)]}),
    (2, "旋切", ["450223"], "guizhong-forestry", ["private"], "2013", "桉木旋切单板", (2_000, 10_000), 0.0,
     {"forestry": [("eucalyptus-veneer", 0.9), ("wood-residues", 0.1)]}),
]

# Named firms added after the generated ones (so the generated firms keep their codes): 桉木 national leaders in 鹿寨.
LATE_NAMED_FIRMS = [
    ("yijiamei", "广西鹿寨一家美木业有限公司", "450223", "guizhong-forestry", "private", "2021",
     "桉木胶合板、单板", 1, 0, 0, 2012, 45_000,
     {"forestry": [("plywood", 0.65), ("eucalyptus-veneer", 0.3), ("wood-residues", 0.05)]}),
    ("daziran", "广西鹿寨大自然木业有限公司", "450223", "guizhong-forestry", "private", "2034",
     "实木复合地板、多层板", 1, 0, 0, 2010, 40_000,
     {"forestry": [("engineered-flooring", 0.6), ("plywood", 0.35), ("wood-residues", 0.05)]}),
]

PLACE = {"450202": "柳州", "450203": "柳州", "450204": "柳州", "450205": "柳州", "450206": "柳江",
         "450222": "柳城", "450223": "鹿寨", "450224": "融安", "450225": "融水", "450226": "三江"}
WORDS = ["恒", "盛", "鑫", "华", "宏", "瑞", "泰", "隆", "源", "丰", "达", "联", "兴", "通", "嘉", "润", "锦", "诚",
         "凯", "远", "明", "安", "正", "德"]

# --------------------------------------------------------------------------------------------------
# outside suppliers by node (region codes); 000000 = abroad
# --------------------------------------------------------------------------------------------------
OUTSIDE = {
    "lithium-carbonate": [("360900", "江西宜春某锂盐公司"), ("360500", "江西新余某锂业公司"),
                          ("510100", "四川某锂业公司"), ("000000", "南美某锂盐供应商")],
    "lithium-hydroxide": [("360500", "江西新余某锂业公司"), ("510100", "四川某锂业公司")],
    "lithium-hexafluorophosphate": [("330800", "浙江衢州某氟化工公司")],
    "electrolyte": [("440300", "广东深圳某电解液公司"), ("320500", "江苏苏州某电解液公司"),
                    ("441300", "广东惠州某电解液公司")],
    "cathode": [("430100", "湖南长沙某正极材料公司"), ("520100", "贵州贵阳某正极材料公司"),
                ("440300", "广东深圳某磷酸铁锂公司"), ("320400", "江苏常州某正极材料公司")],
    "anode": [("440300", "广东深圳某负极材料公司"), ("310000", "上海某负极材料公司")],
    "separator": [("440300", "广东深圳某隔膜公司"), ("530400", "云南玉溪某隔膜公司")],
    "copper-aluminium-foil": [("320400", "江苏常州某铜箔公司"), ("441300", "广东惠州某铝箔公司")],
    "battery-cell": [("350900", "福建宁德某动力电池公司"), ("340100", "安徽合肥某动力电池公司"),
                     ("440300", "广东深圳某动力电池公司")],
    "battery-pack": [("350900", "福建宁德某动力电池公司"), ("440300", "广东深圳某动力电池公司")],
    "bms": [("440300", "广东深圳某BMS公司"), ("310000", "上海某汽车电子公司")],
    "motor": [("440300", "广东深圳某电驱动公司"), ("310000", "上海某电驱动公司")],
    "motor-controller": [("440300", "广东深圳某电控公司"), ("320500", "江苏苏州某电控公司")],
    "vehicle-chips": [("310000", "上海某车规芯片公司"), ("440300", "广东深圳某功率器件公司"),
                      ("000000", "境外某汽车芯片供应商")],
    "vehicle-electronics": [("441300", "广东惠州某汽车电子公司"), ("310000", "上海某智能座舱公司")],
    "in-car-display": [("510100", "四川成都某显示面板公司"), ("440300", "广东深圳某显示模组公司")],
    "display-materials": [("440300", "广东深圳某靶材公司")],
    "thermal-management": [("310000", "上海某汽车热管理公司"), ("330800", "浙江某热管理部件公司")],
    "body-chassis": [("450100", "广西南宁某汽车零部件公司"), ("310000", "上海某底盘系统公司")],
    "auto-parts": [("450100", "广西南宁某汽车零部件公司"), ("450300", "广西桂林某汽车零部件公司"),
                   ("310000", "上海某汽车零部件公司"), ("440100", "广东广州某汽车零部件公司")],
    "tyres-rubber": [("370200", "山东青岛某轮胎公司"), ("450300", "广西桂林某橡胶制品公司")],
    "steel-materials": [("310000", "上海某钢铁公司"), ("440300", "广东某铝型材公司")],
    "testing-rd": [("310000", "上海某汽车检测机构"), ("450100", "广西南宁某检测机构")],
    "auto-logistics": [("450100", "广西南宁某物流公司")],
    "battery-recycling": [("440300", "广东深圳某再生资源公司")],
    "vehicle": [("310000", "上海某整车企业")],
    "charging": [("440300", "广东深圳某充电运营公司")],
    # chemical
    "raw-salt": [("450500", "广西北海某盐业公司"), ("320900", "江苏盐城某盐化公司")],
    "power-steam": [("450100", "广西某电网公司")],
    "phosphate-sulfur-rock": [("520100", "贵州贵阳某磷矿公司"), ("530100", "云南昆明某磷化工公司"),
                              ("451200", "广西河池某硫铁矿公司")],
    "coal-gas-feedstock": [("520200", "贵州六盘水某煤业公司"), ("450500", "广西北海某天然气公司")],
    "functional-membranes": [("310000", "上海某膜材料公司"), ("000000", "境外某离子膜供应商")],
    "fluorochemicals": [("330800", "浙江衢州某氟化工公司")],
    "chlor-alkali": [("450100", "广西南宁某氯碱公司")],
    "chlorine-derivatives": [("440100", "广东广州某化工公司")],
    "sulfuric-acid": [("451200", "广西河池某冶炼厂（副产硫酸）")],
    "phosphorus-chemicals": [("520100", "贵州贵阳某磷化工公司")],
    "synthetic-ammonia": [("520100", "贵州某化肥公司")],
    "specialty-chemicals": [("440100", "广东广州某精细化工公司"), ("320500", "江苏苏州某化学品公司")],
    "high-performance-polymers": [("320500", "江苏苏州某工程塑料公司")],
    "chlor-alkali-hydrogen": [("450100", "广西南宁某气体公司")],
    "waste-heat-steam": [],
    "hazchem-logistics": [("450100", "广西南宁某危化品物流公司")],
    "environmental-services": [("450100", "广西南宁某环保公司")],
    # forestry
    "seedlings": [("450100", "广西南宁某林木种苗公司")],
    "logs": [("450800", "广西贵港某木材公司"), ("451200", "广西河池某林场"), ("000000", "新西兰某原木出口商")],
    "sawn-timber": [("450800", "广西贵港某木业公司")],
    "veneer": [("450800", "广西贵港某单板厂"), ("451200", "广西河池某单板厂")],
    "eucalyptus-logs": [("450800", "广西贵港某桉木公司"), ("451200", "广西河池某林场")],
    "eucalyptus-veneer": [("450800", "广西贵港某桉木单板厂")],
    "upholstery-fabrics": [("440600", "广东佛山某布艺公司"), ("330000", "浙江某家具面料公司")],
    "furniture-leather": [("440600", "广东佛山某皮革公司"), ("441900", "广东东莞某皮革公司")],
    "plywood": [("450800", "广西贵港某胶合板公司")],
    "blockboard": [("450800", "广西贵港某板业公司")],
    "particleboard": [("440600", "广东佛山某板材公司")],
    "fibreboard": [("440600", "广东佛山某板材公司")],
    "wood-residues": [],
    "pulp": [("000000", "境外某木浆供应商")],
    "paper-products": [("440300", "广东某纸业公司")],
    "pine-resin-collection": [("451200", "广西河池某松脂站")],
    "forest-chemicals": [("450300", "广西桂林某林化公司")],
    "decorative-surfaces": [("320400", "江苏常州某装饰纸公司")],
    "eco-adhesives": [("440600", "广东佛山某胶黏剂公司")],
    "eco-coatings": [("440600", "广东佛山某涂料公司")],
    "furniture-hardware": [("440600", "广东佛山某五金公司"), ("441900", "广东东莞某五金公司")],
    "wood-machinery": [("440600", "广东佛山某木工机械公司"), ("370200", "山东青岛某木工机械公司")],
    "timber-trade-logistics": [("450800", "广西贵港某木材物流公司")],
    "biomass-energy": [],
    # luosifen
    "rice-cultivation": [("450800", "广西贵港某粮食公司")],
    "rice-milling": [("450800", "广西贵港某米业公司"), ("430700", "湖南常德某米业公司")],
    "rice-noodles": [("450300", "广西桂林某米粉厂")],
    "bamboo-shoot-cultivation": [("451200", "广西河池某笋竹合作社")],
    "sour-bamboo-shoots": [("451200", "广西河池某酸笋厂")],
    "snail-farming": [("450100", "广西南宁某水产养殖合作社")],
    "snail-broth": [("450100", "广西南宁某食品公司")],
    "chili-cultivation": [("520300", "贵州遵义某辣椒合作社")],
    "peanut-soybean": [("450800", "广西贵港某农产品公司")],
    "condiments": [("510100", "四川成都某调味品公司")],
    "beancurd-peanut-toppings": [("450300", "广西桂林某腐竹厂")],
    "dried-vegetables": [("450300", "广西桂林某脱水蔬菜公司")],
    "edible-oil": [("450600", "广西防城港某粮油公司")],
    "packaging": [("440600", "广东佛山某包装公司")],
    "packaged-luosifen": [],
    "cold-chain": [("450100", "广西南宁某冷链物流公司")],
    "express-logistics": [("440300", "广东深圳某快递公司")],
    "testing-inspection": [("450100", "广西南宁某检测机构")],
    "food-machinery": [("440100", "广东广州某食品机械公司")],
}

# Probability that a link on this node is sourced locally, when local firms exist on the node.
# Encodes the public picture: parts, steel, boards, sour shoots are local; materials mostly not.
LOCAL_SHARE = {
    "auto-parts": 0.8, "body-chassis": 0.8, "steel-materials": 0.7, "battery-pack": 0.85, "battery-cell": 0.6,
    "motor": 0.5, "motor-controller": 0.4, "bms": 0.5, "thermal-management": 0.5, "vehicle-electronics": 0.4,
    "vehicle-chips": 0.15, "in-car-display": 0.3, "display-materials": 0.9, "tyres-rubber": 0.4,
    "auto-logistics": 0.9, "testing-rd": 0.7, "vehicle": 1.0, "charging": 0.9, "battery-recycling": 0.8,
    "carbonate-solvents": 0.0,
    "chlor-alkali": 0.9, "chlor-alkali-hydrogen": 1.0, "chlorine-derivatives": 0.8, "sulfuric-acid": 0.7,
    "phosphorus-chemicals": 0.6, "synthetic-ammonia": 0.8, "fluorochemicals": 0.5, "specialty-chemicals": 0.5,
    "high-performance-polymers": 0.5, "waste-heat-steam": 1.0, "power-steam": 0.7, "hazchem-logistics": 0.8,
    "environmental-services": 0.8, "functional-membranes": 0.2,
    "logs": 0.6, "sawn-timber": 0.7, "veneer": 0.75, "plywood": 0.8, "blockboard": 0.8, "particleboard": 0.7,
    "fibreboard": 0.7, "wood-residues": 1.0, "pulp": 0.5, "paper-products": 0.6, "eco-adhesives": 0.6,
    "eco-coatings": 0.4, "decorative-surfaces": 0.5, "furniture-hardware": 0.3, "wood-machinery": 0.3,
    "forest-chemicals": 0.7, "pine-resin-collection": 0.6, "timber-trade-logistics": 0.8, "biomass-energy": 1.0,
    "seedlings": 0.8, "eucalyptus-logs": 0.9, "eucalyptus-veneer": 0.8, "fir-plantation": 0.9, "eucalyptus-plantation": 0.9,
    "rice-cultivation": 0.5, "rice-milling": 0.4, "rice-noodles": 0.85, "sour-bamboo-shoots": 0.9,
    "bamboo-shoot-cultivation": 0.85, "snail-farming": 0.7, "snail-broth": 0.85, "condiments": 0.7,
    "beancurd-peanut-toppings": 0.5, "dried-vegetables": 0.5, "packaging": 0.6, "packaged-luosifen": 1.0,
    "cold-chain": 0.9, "express-logistics": 0.7, "testing-inspection": 0.8, "food-machinery": 0.4,
    "edible-oil": 0.0,
}

# Per-chain economics used to derive the yearly figures from output (all illustrative):
# value-added ratio, tax/revenue, output per employee (万元), energy intensity (tce per 万元), yearly growth range,
# export share range.
ECON = {
    "nev-battery": dict(va=(0.18, 0.28), tax=(0.02, 0.05), lp=(90, 260), energy=(0.015, 0.05), growth=(0.02, 0.22),
                        export=(0.0, 0.12)),
    "chemical": dict(va=(0.22, 0.35), tax=(0.025, 0.06), lp=(120, 400), energy=(0.4, 1.6), growth=(-0.06, 0.10),
                     export=(0.0, 0.08)),
    "forestry": dict(va=(0.18, 0.28), tax=(0.015, 0.04), lp=(50, 150), energy=(0.12, 0.35), growth=(-0.05, 0.12),
                     export=(0.0, 0.15)),
    "luosifen": dict(va=(0.22, 0.32), tax=(0.02, 0.05), lp=(40, 120), energy=(0.03, 0.09), growth=(0.0, 0.25),
                     export=(0.0, 0.06)),
}

# Figures drawn for a named firm and then replaced (the draws still happen, so no other row moves):
# the two forestry 链主 are national / autonomous-region key leaders, drawn below the forestry average
# they would grade D in 亩均; their land and ratios are set to a large board and furniture maker's.
OVERRIDES = {
    "广西壮象木业有限公司": dict(land_mu=200, econ=dict(va=0.26, tax=0.035, energy=0.12, lp=115)),
    "广西鑫恒晶木业有限公司": dict(land_mu=90, econ=dict(va=0.25, tax=0.033, energy=0.13, lp=95)),
}

# Public figure the chemical above-scale output should come close to (but is not claimed to equal).
CHEM_PUBLIC_OUTPUT_2024 = 575_000  # 万元, see facts.csv
CHEM_TARGET_RATIO = 0.965

FACTS = [
    # id, indicator_zh, indicator_en, scope, year, value, unit, source, as_of
    ("chem-output-2024", "柳州市化工产业规模以上工业总产值", "Gross output of above-scale chemical industry, Liuzhou",
     "chemical", 2024, CHEM_PUBLIC_OUTPUT_2024, "万元", "dangxiao-a1-chemical", "2024-12-31"),
    ("private-va-growth-2025q1", "规上民营企业工业增加值同比增长（2025年一季度）",
     "Growth of above-scale private firms' industrial value added (2025 Q1)", "450200", 2025, 16.0, "%",
     "dangxiao-a2-private", "2025-03-31"),
    ("private-va-contribution-2025q1", "规上民营企业对全市工业增加值的贡献（2025年一季度）",
     "Above-scale private firms' contribution to the city's industrial value added (2025 Q1)", "450200", 2025, 52.3,
     "%", "dangxiao-a2-private", "2025-03-31"),
    ("private-sei-share-2025q1", "规上民营工业中战略性新兴产业占比（超过，2025年一季度）",
     "Share of strategic emerging industries in above-scale private industry (over, 2025 Q1)", "450200", 2025, 35,
     "%", "dangxiao-a2-private", "2025-03-31"),
    ("private-hightech-share-2024", "民营企业占全市高新技术企业比重", "Private firms' share of the city's high-tech enterprises",
     "450200", 2024, 91.8, "%", "dangxiao-a2-private", "2024-12-31"),
    ("private-rd-intensity-2024", "民营企业研发投入强度", "R&D intensity of private firms", "450200", 2024, 2.3, "%",
     "dangxiao-a2-private", "2024-12-31"),
    ("private-digital-growth-2024", "民营制造业企业数字化投入增长", "Growth of private manufacturers' digital investment",
     "450200", 2024, 67, "%", "dangxiao-a2-private", "2024-12-31"),
    ("private-trade-growth-2024", "民营企业进出口总额增长", "Growth of private firms' imports and exports", "450200", 2024,
     264.2, "%", "dangxiao-a2-private", "2024-12-31"),
    ("private-trade-hightech-share-2024", "民营企业进出口中高新技术产品占比", "High-tech products' share of private firms' trade",
     "450200", 2024, 63, "%", "dangxiao-a2-private", "2024-12-31"),
    ("luosifen-chain-output", "螺蛳粉产业链年产值（突破，全产业口径）", "Annual output of the luosifen industry chain (over; whole industry)",
     "luosifen", 2024, 3_000_000, "万元", "dangxiao-a2-private", "2025"),
    ("luosifen-chain-jobs", "螺蛳粉产业链带动就业（超过）", "Jobs in the luosifen industry chain (over)", "luosifen", 2024,
     20_000, "人", "dangxiao-a2-private", "2025"),
    ("industrial-workers", "产业工人（60余万）", "Industrial workers (over 600,000)", "450200", 2025, 600_000, "人",
     "dangxiao-a3-workers", "2025"),
]

# --------------------------------------------------------------------------------------------------
# USCC (GB 32100-2015) with organisation code (GB 11714-1997)
# --------------------------------------------------------------------------------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check_char(first17):
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check_char(body8):
    def val(c):
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10
    check = 11 - sum(val(c) * w for c, w in zip(body8, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng, region, founded, used):
    # Organisation codes issued after 2015 look like MA5xxxxx; older ones are 8 digits.
    letters = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    while True:
        if founded >= 2015:
            body = "MA5" + "".join(rng.choice(letters) for _ in range(5))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        first17 = "91" + region + body + org_check_char(body)
        code = first17 + uscc_check_char(first17)
        if code not in used:
            used.add(code)
            return code


# --------------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------------
def main():
    rng = random.Random(SEED)
    used_uscc = set()
    firms = []  # dicts

    def add_firm(name, region, park, ownership, code, products, high_tech, specialized, listed, founded, out2024,
                 members, named):
        for chain, nodes in members.items():
            assert chain in CHAINS, chain
            for node, _ in nodes:
                assert node in CHAINS[chain]["nodes"], (chain, node)
                assert (chain, node) not in MISSING_LOCALLY, (chain, node)
        firms.append(dict(
            uscc=make_uscc(rng, region, founded, used_uscc), name=name, region=region, park=park,
            ownership=ownership, code=code, products=products, high_tech=high_tech, specialized=specialized,
            listed=listed, founded=founded, out2024=float(out2024), members=members, named=named))

    for (_, name, region, park, own, code, products, ht, sp, li, founded, out, members) in NAMED_FIRMS:
        add_firm(name, region, park, own, code, products, ht, sp, li, founded, out, members, True)

    used_names = {f["name"] for f in firms}
    for (count, trade, regions, park, owns, code, products, (lo, hi), p_ht, members) in GENERIC_SPECS:
        for i in range(count):
            region = regions[i % len(regions)]
            # the park only applies when the firm's region is the park's region
            park_region = {p[0]: p[3] for p in PARKS}.get(park)
            fpark = park if park and park_region == region and rng.random() < 0.85 else ""
            while True:
                word = rng.choice(WORDS) + rng.choice(WORDS)
                name = f"{PLACE[region]}示例{word}{trade}有限公司"
                if name not in used_names and word[0] != word[1]:
                    used_names.add(name)
                    break
            out = round(lo * (hi / lo) ** rng.random())  # log-uniform
            ht = 1 if rng.random() < p_ht else 0
            sp = 1 if ht and rng.random() < 0.3 else 0
            founded = rng.randint(1995, 2021)
            add_firm(name, region, fpark, rng.choice(owns), code, products, ht, sp, 0, founded, out, members, False)

    for (_, name, region, park, own, code, products, ht, sp, li, founded, out, members) in LATE_NAMED_FIRMS:
        add_firm(name, region, park, own, code, products, ht, sp, li, founded, out, members, True)

    # ---- yearly series (illustrative)
    for f in firms:
        chain = next(iter(f["members"]))
        econ = ECON[chain]
        f["econ"] = {k: rng.uniform(*v) for k, v in econ.items()}
        f["econ"].update(OVERRIDES.get(f["name"], {}).get("econ", {}))
        if f["code"].startswith("31"):  # steel: far more energy-intensive than the chain average
            f["econ"]["energy"] = rng.uniform(0.6, 0.9)
        if f["out2024"] > 1_000_000:  # very large firms: higher output per employee
            f["econ"]["lp"] = rng.uniform(250, 450)
        series = {2024: f["out2024"]}
        for y in (2023, 2022, 2021):
            g = rng.uniform(*econ["growth"])
            if f["founded"] >= 2020 and chain == "nev-battery":
                g += 0.3  # young battery firms ramped up fast
            series[y] = series[y + 1] / (1 + g)
        f["output"] = series

    # ---- scale chemical above-scale firms so that their 2024 sum comes close to the public figure
    def is_chem(f):
        return "chemical" in f["members"]

    def above(f, y=2024):
        return f["output"][y] * 1.0 >= 2000  # 规上: main-business revenue ≥ 2000万元 (revenue ≈ output here)

    for _ in range(5):
        total = sum(f["output"][2024] for f in firms if is_chem(f) and above(f))
        factor = CHEM_PUBLIC_OUTPUT_2024 * CHEM_TARGET_RATIO / total
        for f in firms:
            if is_chem(f) and above(f):  # tiny firms stay tiny
                for y in YEARS:
                    f["output"][y] *= factor
    chem_total = sum(f["output"][2024] for f in firms if is_chem(f) and above(f))

    # ---- the private-economy fields (issue 17 §2), drawn from their own generator so that every
    # figure above stays as it was
    rng2 = random.Random(SEED + 17)

    def strategic_emerging(f):
        if "nev-battery" in f["members"]:
            return 1
        return 1 if f["high_tech"] and any((c, n) in SEI_NODES for c, ns in f["members"].items()
                                           for n, _ in ns) else 0

    for f in firms:
        f["sei"] = strategic_emerging(f)
        f["overseas"] = OVERSEAS_BASES.get(f["name"], "")
        if f["overseas"] == "" and f["ownership"] == "private" and rng2.random() < 0.06:
            f["overseas"] = 1

    def trade_and_digital(f, y, rev):
        """Imports, high-tech exports and digital investment of one firm-year (illustrative):
        private firms' digital investment grows fastest, as the private-economy article reports."""
        exports = round(rev * f["econ"]["export"], 1)
        imports = round(rev * f["econ"]["export"] * rng2.uniform(0.2, 0.7), 1)
        ht_part = rng2.uniform(0.5, 0.8) if f["high_tech"] or f["sei"] else rng2.uniform(0.0, 0.2)
        growth = 1.45 if f["ownership"] == "private" else 1.12
        digital = rev * rng2.uniform(0.002, 0.006) * growth ** (y - YEARS[0])
        return [imports, round(min(exports, exports * ht_part), 1), round(digital, 1)]

    # ---- rows
    ent_rows, year_rows, mem_rows = [], [], []
    for f in firms:
        e = f["econ"]
        ent_rows.append([
            f["uscc"], f["name"], f["region"], f["park"], f["ownership"], 1 if above(f) else 0, f["code"],
            f["products"], f["high_tech"], f["specialized"], f["listed"],
            OVERRIDES.get(f["name"], {}).get("land_mu", round(min(8000, max(5, f["out2024"] / rng.uniform(150, 600))))),
            f["founded"], "illustrative", 1, f["sei"], f["overseas"]])
        for y in YEARS:
            if y < f["founded"]:  # row kept, numbers unknown (firm not yet founded)
                year_rows.append([f["uscc"], y] + [""] * 9 + ["illustrative", f"{y + 1}-03-31", "", "", ""])
                continue
            out = f["output"][y]
            rev = out * rng.uniform(0.95, 1.06)
            rd_ratio = rng.uniform(0.025, 0.05) if f["high_tech"] else rng.uniform(0.003, 0.015)
            energy = out * e["energy"] * rng.uniform(0.95, 1.05)
            year_rows.append([
                f["uscc"], y, round(out, 1), round(out * e["va"], 1), round(rev, 1), round(rev * e["tax"], 1),
                max(5, round(out / e["lp"])), round(rev * rd_ratio, 1), round(rev * e["export"], 1),
                round(energy, 1), round(energy * rng.uniform(2.3, 2.8), 1), "illustrative", f"{y + 1}-03-31"]
                + trade_and_digital(f, y, rev))
        for chain, nodes in f["members"].items():
            for node, share in nodes:
                mem_rows.append([f["uscc"], chain, node, "" if share is None else share, "illustrative"])

    # ---- supply links (buyer is always a local firm)
    members_of = {}  # (chain, node) -> [(firm, share)]
    for f in firms:
        for chain, nodes in f["members"].items():
            for node, share in nodes:
                members_of.setdefault((chain, node), []).append((f, share))

    def node_share(f, chain, node):
        nodes = f["members"][chain]
        for n, s in nodes:
            if n == node:
                return s if s is not None else 1.0 / len(nodes)
        return 0.0

    links = {}  # (buyer, supplier uscc or name, chain, node) -> row
    # a local supplier cannot sell more on a node than it produces there (90 % of it, the rest goes elsewhere)
    capacity = {}
    for (chain, node), lst in members_of.items():
        for f, _ in lst:
            capacity[(chain, node, f["uscc"])] = 0.9 * f["output"][2024] * node_share(f, chain, node)

    def add_link(buyer, supplier, sup_name, sup_region, chain, node, product, value):
        key = (buyer["uscc"], supplier["uscc"] if supplier else sup_name, chain, node)
        if key in links:
            links[key][8] += value
        else:
            links[key] = [buyer["uscc"], supplier["uscc"] if supplier else "", sup_name, sup_region, chain, node,
                          product, 2024, value, "illustrative"]

    node_names = {}
    for path in sorted(glob.glob(os.path.join(CHAIN_DIR, "*.toml"))):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for n in doc["nodes"]:
            node_names[(doc["id"], n["id"])] = n["name_zh"]

    outside_counter = {}
    for buyer in firms:
        for chain, nodes in buyer["members"].items():
            for bnode, _ in nodes:
                bvalue = buyer["output"][2024] * node_share(buyer, chain, bnode)
                for (u, v, kind, coef) in CHAINS[chain]["edges"]:
                    if v != bnode:
                        continue
                    if coef is None:
                        coef = 0.02 if kind == "by-product" else 0.03
                    total = bvalue * coef * rng.uniform(0.6, 1.2)
                    if total < 5:
                        continue
                    locals_ = [(f, s) for f, s in members_of.get((chain, u), []) if f is not buyer]
                    outside = OUTSIDE.get(u, [])
                    if not locals_ and not outside:
                        continue
                    big = buyer["output"][2024] > 500_000
                    k = rng.randint(3, 8) if big else rng.randint(1, 3)
                    weights = [rng.random() + 0.2 for _ in range(k)]
                    p_local = LOCAL_SHARE.get(u, 0.3) if locals_ else 0.0
                    if not outside:
                        p_local = 1.0
                    for w in weights:
                        value = round(total * w / sum(weights), 1)
                        if value < 1:
                            continue
                        product = node_names[(chain, u)]
                        if rng.random() < p_local:
                            # pick local suppliers weighted by remaining capacity; up to 3 tries, rest from outside
                            for _ in range(3):
                                if kind == "by-product":  # by-products are not part of the node's output
                                    cands, wts = [f for f, _ in locals_], None
                                else:
                                    cands = [f for f, _ in locals_ if capacity[(chain, u, f["uscc"])] >= 1]
                                    wts = [capacity[(chain, u, f["uscc"])] for f in cands]
                                if not cands:
                                    break
                                sup = rng.choices(cands, weights=wts)[0]
                                left = value if kind == "by-product" else capacity[(chain, u, sup["uscc"])]
                                take = round(min(value, left), 1)
                                capacity[(chain, u, sup["uscc"])] -= take
                                add_link(buyer, sup, sup["name"], sup["region"], chain, u, product, take)
                                value = round(value - take, 1)
                                if value < 1:
                                    break
                            if value < 1 or not outside:
                                continue
                        if True:
                            reg, stem = rng.choice(outside)
                            # a few distinct outside firms per stem: 甲/乙/丙
                            idx = rng.randint(0, 2)
                            sup_name = f"{stem}{'甲乙丙'[idx]}（示例）"
                            outside_counter[sup_name] = reg
                            add_link(buyer, None, sup_name, reg, chain, u, product, value)

    # Explicit links: lithium carbonate has no local buyer node (no local cathode maker), but the local cell maker
    # buys it and hands it to its cathode supplier for toll processing (a common procurement model).
    by_key = {k: f for k, f in zip([n[0] for n in NAMED_FIRMS], firms)}
    for reg, stem, value in [("360900", "江西宜春某锂盐公司甲（示例）", 18_000.0),
                             ("360500", "江西新余某锂业公司乙（示例）", 9_500.0)]:
        add_link(by_key["gotion-lz"], None, stem, reg, "nev-battery", "lithium-carbonate",
                 "电池级碳酸锂（委托正极加工供料）", value)

    link_rows = list(links.values())
    for r in link_rows:
        r[8] = round(r[8], 1)
    # a 2023 copy for a share of the links, to show change over time
    extra = []
    for r in link_rows:
        if rng.random() < 0.3:
            r23 = list(r)
            r23[7] = 2023
            r23[8] = round(r[8] * rng.uniform(0.75, 1.05), 1)
            extra.append(r23)
    link_rows += extra

    # ---- write
    def write(name, header, rows):
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("sources.csv", ["id", "kind", "title_zh", "title_en", "publisher", "published", "url"], SOURCES)
    write("regions.csv", ["code", "name_zh", "name_en", "level", "parent"], REGIONS)
    write("parks.csv", ["id", "name_zh", "name_en", "region", "kind", "grade", "area_mu", "source", "lon", "lat"],
          [list(p[:6]) + ["" if p[6] is None else p[6], PARK_SOURCE.get(p[0], "illustrative")]
           + list(PARK_LOCATION[p[0]]) for p in PARKS])
    write("enterprises.csv", ["uscc", "name", "region", "park", "ownership", "above_scale", "industry_code",
                              "main_products", "high_tech", "specialized", "listed", "land_mu", "founded", "source",
                              "uscc_illustrative", "strategic_emerging", "overseas_bases"], ent_rows)
    write("enterprise_years.csv", ["uscc", "year", "output", "value_added", "revenue", "tax", "employees",
                                   "rd_expense", "exports", "energy_tce", "emissions_tco2", "source", "as_of",
                                   "imports", "hightech_exports", "digital_investment"],
          year_rows)
    write("memberships.csv", ["uscc", "chain", "node", "share", "source"], mem_rows)
    write("supply_links.csv", ["buyer_uscc", "supplier_uscc", "supplier_name", "supplier_region", "chain", "node",
                               "product", "year", "value", "source"], link_rows)
    write("facts.csv", ["id", "indicator_zh", "indicator_en", "scope", "year", "value", "unit", "source", "as_of"],
          FACTS)

    print(f"enterprises {len(ent_rows)}, years {len(year_rows)}, memberships {len(mem_rows)}, "
          f"links {len(link_rows)}, chemical above-scale output 2024 {chem_total:.0f} 万元 "
          f"(public figure {CHEM_PUBLIC_OUTPUT_2024})")


if __name__ == "__main__":
    main()
