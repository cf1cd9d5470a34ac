/// The chain map's CSS. Embedded in the SVG when `MapOptions::standalone`; a page that inlines
/// maps (`standalone == false`) includes it once, e.g. in its `<style>`. Every rule is scoped to
/// `svg.lt-chainmap`, so it does not touch the rest of the page; the `@page`/`@media print` rules
/// print the map on one A4 landscape sheet.
///
/// Statuses differ in black-and-white print too: 优势 thick solid border and darker fill, 潜力
/// thin solid border and pale fill, 薄弱 dotted border, 空白 dashed grey border on near-white (a
/// gap to fill, not an alarm), and every decorated
/// box also spells out its status.
pub const STYLE: &str = r#"
svg.lt-chainmap{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
svg.lt-chainmap text{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;fill:#1f2933}
svg.lt-chainmap .canvas{fill:#ffffff}
svg.lt-chainmap .map-title{font-size:17px;font-weight:700}
svg.lt-chainmap .stage-band{fill:#f3f6f9;stroke:#dde3ea;stroke-width:1}
svg.lt-chainmap .stage-band.supporting{fill:#f8f5ef;stroke:#e6dfd2}
svg.lt-chainmap .stage-heading{font-size:15px;font-weight:700;text-anchor:middle;fill:#455a64;letter-spacing:2px}
svg.lt-chainmap .stage-heading.supporting{text-anchor:start}
svg.lt-chainmap .edge{fill:none;stroke:#8d99a6;stroke-width:1.3}
svg.lt-chainmap .edge.by-product{stroke:#8e24aa;stroke-width:1.6;stroke-dasharray:6 4}
svg.lt-chainmap .edge.back{stroke-width:1.5}
svg.lt-chainmap .edge.support{stroke-opacity:.75}
svg.lt-chainmap .arrow.supplies path{fill:#8d99a6}
svg.lt-chainmap .arrow.by-product path{fill:#8e24aa}
svg.lt-chainmap rect.box{fill:#ffffff;stroke:#90a4ae;stroke-width:1.2}
svg.lt-chainmap .status-strong rect.box{fill:#a5d6a7;stroke:#1b5e20;stroke-width:3}
svg.lt-chainmap .status-potential rect.box{fill:#e3f2fd;stroke:#1565c0;stroke-width:1.5}
svg.lt-chainmap .status-weak rect.box{fill:#ffe0b2;stroke:#e65100;stroke-width:2;stroke-dasharray:2 2}
svg.lt-chainmap .status-missing rect.box{fill:#fafafa;stroke:#8d99a6;stroke-width:1.4;stroke-dasharray:6 3}
svg.lt-chainmap .label{font-size:13px;text-anchor:middle}
svg.lt-chainmap .status-missing .label{fill:#616161}
svg.lt-chainmap .status-word{font-size:11px;font-weight:700;fill:#37474f}
svg.lt-chainmap .status-strong .status-word{fill:#1b5e20}
svg.lt-chainmap .status-potential .status-word{fill:#0d47a1}
svg.lt-chainmap .status-weak .status-word{fill:#bf360c}
svg.lt-chainmap .status-missing .status-word{fill:#5f6b76}
svg.lt-chainmap .output-bar{fill:#37474f;fill-opacity:.75}
svg.lt-chainmap .map-note{font-size:12px;fill:#5d6b7a}
svg.lt-chainmap .badge rect{fill:#37474f}
svg.lt-chainmap .badge text{fill:#ffffff;font-size:11px;text-anchor:middle}
svg.lt-chainmap .badge.zero rect{fill:#e3e7eb}
svg.lt-chainmap .badge.zero text{fill:#455a64}
svg.lt-chainmap .legend text{font-size:12px}
svg.lt-chainmap a.node{cursor:pointer}
svg.lt-chainmap a.node:hover rect.box,svg.lt-chainmap a.node:focus rect.box{stroke-width:3.5;filter:brightness(0.96)}
@page{size:A4 landscape;margin:10mm}
@media print{svg.lt-chainmap{width:100%;height:auto;max-height:190mm}svg.lt-chainmap .edge.support{stroke-opacity:1}}
"#;
