//! Diagnosis tables as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX (Chinese
//! headers, 万元 number format, frozen header, autofilter).

use crate::error::Failure;
use liantu_app::DiagnosisReport;
use rust_xlsxwriter::{Format, Workbook};

const HEADERS: [&str; 12] = [
    "环节代码",
    "环节",
    "阶段",
    "状态",
    "本地企业数",
    "产值（万元）",
    "占全链产值",
    "本地配套率",
    "本地供应联系",
    "全部供应联系",
    "单一企业依赖",
    "判定依据",
];

fn internal(e: impl std::fmt::Display) -> Failure {
    eprintln!("liantu: export failed: {e}");
    Failure::Internal
}

pub fn diagnosis_csv(r: &DiagnosisReport) -> Result<Vec<u8>, Failure> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        w.write_record(HEADERS).map_err(internal)?;
        for n in &r.nodes {
            w.write_record([
                n.id.clone(),
                n.name_zh.clone(),
                n.stage.label_zh().to_string(),
                n.status.label_zh().to_string(),
                n.enterprise_count.to_string(),
                format!("{:.2}", n.output),
                n.output_share
                    .map(|s| format!("{s:.4}"))
                    .unwrap_or_default(),
                n.local_supply
                    .rate
                    .map(|s| format!("{s:.4}"))
                    .unwrap_or_default(),
                n.local_supply.local_link_count.to_string(),
                n.local_supply.link_count.to_string(),
                n.single_supplier_risk
                    .as_ref()
                    .map(|c| format!("{} {:.0}%", c.name, c.share * 100.0))
                    .unwrap_or_default(),
                n.reason_zh.clone(),
            ])
            .map_err(internal)?;
        }
        w.write_record([format!("来源：{}", r.sources_note)])
            .map_err(internal)?;
        w.flush().map_err(internal)?;
    }
    Ok(out)
}

pub fn diagnosis_xlsx(r: &DiagnosisReport) -> Result<Vec<u8>, Failure> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("诊断").map_err(internal)?;
    let bold = Format::new().set_bold().set_background_color("#F3F6F9");
    let wan = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.0%");
    for (col, h) in (0u16..).zip(HEADERS) {
        sheet
            .write_with_format(0, col, h, &bold)
            .map_err(internal)?;
    }
    for (row, n) in (1u32..).zip(&r.nodes) {
        sheet.write(row, 0, &n.id).map_err(internal)?;
        sheet.write(row, 1, &n.name_zh).map_err(internal)?;
        sheet.write(row, 2, n.stage.label_zh()).map_err(internal)?;
        sheet.write(row, 3, n.status.label_zh()).map_err(internal)?;
        sheet.write(row, 4, n.enterprise_count).map_err(internal)?;
        sheet
            .write_with_format(row, 5, n.output, &wan)
            .map_err(internal)?;
        if let Some(s) = n.output_share {
            sheet.write_with_format(row, 6, s, &pct).map_err(internal)?;
        }
        if let Some(s) = n.local_supply.rate {
            sheet.write_with_format(row, 7, s, &pct).map_err(internal)?;
        }
        sheet
            .write(row, 8, n.local_supply.local_link_count as f64)
            .map_err(internal)?;
        sheet
            .write(row, 9, n.local_supply.link_count as f64)
            .map_err(internal)?;
        if let Some(c) = &n.single_supplier_risk {
            sheet
                .write(row, 10, format!("{} {:.0}%", c.name, c.share * 100.0))
                .map_err(internal)?;
        }
        sheet.write(row, 11, &n.reason_zh).map_err(internal)?;
    }
    let last = r.nodes.len() as u32;
    sheet.set_freeze_panes(1, 0).map_err(internal)?;
    sheet.autofilter(0, 0, last, 11).map_err(internal)?;
    sheet
        .write(last + 2, 0, format!("来源：{}", r.sources_note))
        .map_err(internal)?;
    sheet.set_column_width(1, 28).map_err(internal)?;
    sheet.set_column_width(11, 60).map_err(internal)?;
    book.save_to_buffer().map_err(internal)
}
