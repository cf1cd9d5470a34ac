//! Word 专报: what an industry bureau hands up. A [`Brief`] — title, date, numbered sections of
//! paragraphs, tables (with units in their headers and a source line) and maps — is written as
//! a .docx in the house style of a government brief: 小标宋-style title, 黑体 headings, 仿宋 body
//! with a two-character first-line indent, A4 with the usual margins, and, when any figure is
//! made up, 示例数据 in the header of every page.
//!
//! Maps arrive as standalone SVG (liantu's own) and are drawn to PNG with resvg using the
//! system's fonts (a CJK font must be installed, e.g. Debian `fonts-wqy-microhei`).

use docx_rs::{
    AlignmentType, Docx, Header, Paragraph, Pic, Run, RunFonts, Table, TableCell, TableRow,
    WidthType,
};
use std::sync::OnceLock;

/// A brief, ready to write.
#[derive(Debug, Clone, Default)]
pub struct Brief {
    pub title: String,
    /// Under the title: issuing tool and date.
    pub byline: String,
    /// Shown in every page's header (示例数据) when figures are illustrative.
    pub header: Option<String>,
    pub sections: Vec<Section>,
}

/// A numbered section (一、总体情况 …); the number is written by [`write_docx`].
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Body text (first line indented two characters).
    Text(String),
    Table(BriefTable),
    /// A map or chart as standalone SVG, drawn to PNG at `width_cm`.
    Figure {
        svg: String,
        caption: String,
    },
    /// Small print under a table or figure (source, as-of).
    Note(String),
}

#[derive(Debug, Clone, Default)]
pub struct BriefTable {
    pub caption: String,
    pub headers: Vec<String>,
    /// Which columns are figures (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    #[error("无法绘制地图 / cannot draw the map: {0}")]
    Svg(String),
    #[error("无法写出 Word 文件 / cannot write the Word file: {0}")]
    Write(String),
}

/// Section numbers as a brief writes them.
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const TITLE_FONT: &str = "方正小标宋简体";
const HEADING_FONT: &str = "黑体";
const BODY_FONT: &str = "仿宋";
/// Half-points: 二号 22 pt title, 三号 16 pt body and headings, 五号 10.5 pt tables.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const TABLE_SIZE: usize = 21;
const NOTE_SIZE: usize = 18;
/// Text width of A4 with 2.8 cm / 2.6 cm side margins, in twips and EMU.
const TEXT_WIDTH_TWIPS: usize = 8674;
const EMU_PER_TWIP: u32 = 635;
/// Maps are drawn at twice their size on the page, for print.
const RASTER_SCALE: f32 = 2.0;

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

/// Writes `brief` as a .docx.
pub fn write_docx(
    brief: &Brief,
    out: &mut (impl std::io::Write + std::io::Seek),
) -> Result<(), BriefError> {
    let mut doc = Docx::new().page_size(11906, 16838).page_margin(
        docx_rs::PageMargin::new()
            .top(2098)
            .bottom(1984)
            .left(1588)
            .right(1474),
    );
    if let Some(header) = &brief.header {
        doc = doc.header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(run(header, HEADING_FONT, NOTE_SIZE).color("C0392B")),
            ),
        );
    }
    doc = doc
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &brief.title,
            TITLE_FONT,
            TITLE_SIZE,
        )))
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &brief.byline,
            BODY_FONT,
            BODY_SIZE - 4,
        )));
    for (i, section) in brief.sections.iter().enumerate() {
        let number = NUMERALS.get(i).copied().unwrap_or("");
        doc = doc.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .first_line_chars(200)
                .add_run(run(
                    &format!("{number}、{}", section.heading),
                    HEADING_FONT,
                    BODY_SIZE,
                )),
        );
        for block in &section.blocks {
            doc = match block {
                Block::Text(text) => doc.add_paragraph(
                    Paragraph::new()
                        .first_line_chars(200)
                        .add_run(run(text, BODY_FONT, BODY_SIZE)),
                ),
                Block::Note(text) => doc.add_paragraph(
                    Paragraph::new().add_run(run(text, BODY_FONT, NOTE_SIZE).color("555555")),
                ),
                Block::Table(table) => add_table(doc, table),
                Block::Figure { svg, caption } => {
                    let (png, w, h) = svg_to_png(svg)?;
                    // Full text width, height in proportion.
                    let w_emu = TEXT_WIDTH_TWIPS as u32 * EMU_PER_TWIP;
                    let h_emu = (f64::from(w_emu) * f64::from(h) / f64::from(w)) as u32;
                    doc.add_paragraph(
                        Paragraph::new().align(AlignmentType::Center).add_run(
                            Run::new()
                                .add_image(Pic::new_with_dimensions(png, w, h).size(w_emu, h_emu)),
                        ),
                    )
                    .add_paragraph(
                        Paragraph::new().align(AlignmentType::Center).add_run(run(
                            caption,
                            HEADING_FONT,
                            TABLE_SIZE,
                        )),
                    )
                }
            };
        }
    }
    doc.build()
        .pack(out)
        .map_err(|e| BriefError::Write(e.to_string()))
}

fn add_table(doc: Docx, table: &BriefTable) -> Docx {
    let cell = |text: &str, numeric: bool, header: bool| {
        let mut r = run(
            text,
            if header { HEADING_FONT } else { BODY_FONT },
            TABLE_SIZE,
        );
        if header {
            r = r.bold();
        }
        TableCell::new().add_paragraph(
            Paragraph::new()
                .align(if numeric && !header {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                })
                .add_run(r),
        )
    };
    let numeric = |i: usize| table.numeric.get(i).copied().unwrap_or(false);
    let mut rows = vec![TableRow::new(
        table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| cell(h, numeric(i), true))
            .collect(),
    )];
    rows.extend(table.rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .enumerate()
                .map(|(i, v)| cell(v, numeric(i), false))
                .collect(),
        )
    }));
    doc.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .keep_next(true)
            .add_run(run(&table.caption, HEADING_FONT, TABLE_SIZE)),
    )
    .add_table(Table::new(rows).width(TEXT_WIDTH_TWIPS, WidthType::Dxa))
}

/// The system's fonts, loaded once (a few hundred ms).
fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            std::sync::Arc::new(db)
        })
        .clone()
}

/// Draws a standalone SVG to PNG at [`RASTER_SCALE`]: (bytes, width px, height px).
pub fn svg_to_png(svg: &str) -> Result<(Vec<u8>, u32, u32), BriefError> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| BriefError::Svg(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(RASTER_SCALE)
        .ok_or_else(|| BriefError::Svg("empty size".into()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| BriefError::Svg("empty size".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(RASTER_SCALE, RASTER_SCALE),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| BriefError::Svg(e.to_string()))?;
    Ok((png, size.width(), size.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#08519c"/><text x="10" y="50" font-size="20">柳州</text></svg>"##;

    #[test]
    fn an_svg_becomes_a_png_twice_its_size() {
        let (png, w, h) = svg_to_png(SVG).unwrap();
        assert_eq!((w, h), (400, 200));
        assert!(png.starts_with(b"\x89PNG"));
        assert!(svg_to_png("<svg").is_err());
    }

    #[test]
    fn a_brief_is_a_docx_with_its_text() {
        let brief = Brief {
            title: "柳州市林木加工产业链发展情况专报".into(),
            byline: "2026年12月6日".into(),
            header: Some("示例数据".into()),
            sections: vec![Section {
                heading: "总体情况".into(),
                blocks: vec![
                    Block::Text("链上产值 486,824 万元。".into()),
                    Block::Table(BriefTable {
                        caption: "表1 环节".into(),
                        headers: vec!["环节".into(), "产值（万元）".into()],
                        numeric: vec![false, true],
                        rows: vec![vec!["胶合板".into(), "103,000".into()]],
                    }),
                    Block::Figure {
                        svg: SVG.into(),
                        caption: "图1 地图".into(),
                    },
                ],
            }],
        };
        let mut out = std::io::Cursor::new(Vec::new());
        write_docx(&brief, &mut out).unwrap();
        let bytes = out.into_inner();
        assert!(bytes.starts_with(b"PK"));
        // The document part holds the text (the zip is deflated; look for the part's name and
        // trust python-docx in the app's test to read the words).
        let names = String::from_utf8_lossy(&bytes);
        assert!(names.contains("word/document.xml") && names.contains("word/header"));
        assert!(names.contains("media/"), "the figure is embedded");
    }
}
