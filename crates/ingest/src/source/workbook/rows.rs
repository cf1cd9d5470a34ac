//! Cells assembled into rows: every row from the first with a cell to the last (the header
//! search counts empty ones too), merged regions filled from their top-left cell.

use super::cells::NextCell;
use crate::error::{FileError, Problem};
use crate::source::Row;
use crate::text::{Cell, column_letter};
use calamine::Dimensions;

/// The largest sheet Excel makes: 1,048,576 rows × 16,384 columns (A–XFD).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// Assembles the cells of a sheet into rows, from the first row with a cell to the last: empty
/// rows between are handed on too (the header search counts them), merged regions filled.
pub(super) struct SheetRows<'a> {
    cells: NextCell<'a>,
    /// The next cell, read ahead.
    ahead: Option<(u32, u32, Cell)>,
    /// The row to hand on next; `None` before the first cell.
    next: Option<u32>,
    merges: Merges,
    /// Columns kept: the sheet's width, then the header's once it is found.
    width: usize,
    saw_cells: bool,
    done: bool,
}

impl<'a> SheetRows<'a> {
    /// One warning per merged region over several rows: its value is copied into each.
    pub(super) fn merge_warnings(&mut self) -> Vec<Problem> {
        self.merges.warnings()
    }

    /// Keeps only the first `width` columns from now on (the header's).
    pub(super) fn keep_columns(&mut self, width: usize) {
        self.width = width;
    }

    /// Whether the sheet has a non-empty cell so far.
    pub(super) fn saw_cells(&self) -> bool {
        self.saw_cells
    }

    pub(super) fn new(cells: NextCell<'a>, merges: Merges) -> SheetRows<'a> {
        SheetRows {
            cells,
            ahead: None,
            next: None,
            merges,
            width: MAX_COLUMNS as usize,
            saw_cells: false,
            done: false,
        }
    }

    /// Reads the next cell into `ahead`, checking it is inside the sheet and in row order.
    fn read_ahead(&mut self) -> Result<(), FileError> {
        if self.ahead.is_some() || self.done {
            return Ok(());
        }
        match (self.cells)()? {
            None => self.done = true,
            Some((row, col, cell)) => {
                if row >= MAX_ROWS || col >= MAX_COLUMNS {
                    return Err(FileError::limit(
                        format!(
                            "单元格 {}{} 超出了工作表的范围（最多 1048576 行、XFD 列）",
                            column_letter(col as usize),
                            u64::from(row) + 1
                        ),
                        format!(
                            "cell {}{} is outside a worksheet (at most 1048576 rows and columns up to XFD)",
                            column_letter(col as usize),
                            u64::from(row) + 1
                        ),
                    ));
                }
                // `next` is one past the row being assembled.
                if self.next.is_some_and(|next| row + 1 < next) {
                    return Err(FileError::limit(
                        format!(
                            "第 {} 行的单元格出现在后面的行之后，文件已损坏",
                            u64::from(row) + 1
                        ),
                        format!(
                            "the cells of row {} come after later rows: the file is damaged",
                            u64::from(row) + 1
                        ),
                    ));
                }
                self.saw_cells = true;
                self.ahead = Some((row, col, cell));
            }
        }
        Ok(())
    }

    pub(super) fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        self.read_ahead()?;
        let Some(&(first, _, _)) = self.ahead.as_ref() else {
            return Ok(None);
        };
        let row = self.next.unwrap_or(first);
        self.next = Some(row + 1);
        let mut cells = Vec::new();
        while let Some((r, col, cell)) = self.ahead.take_if(|(r, ..)| *r == row) {
            debug_assert_eq!(r, row);
            let col = col as usize;
            if col < self.width {
                if cells.len() <= col {
                    cells.resize(col + 1, Cell::Empty);
                }
                cells[col] = cell;
            }
            self.read_ahead()?;
        }
        self.merges.fill(row, &mut cells, self.width)?;
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        Ok(Some(Row {
            number: u64::from(row) + 1,
            cells,
        }))
    }
}

/// A sheet may have at most `limit` merged regions (a real one has a few hundred at most).
pub(super) fn check_merge_count(count: usize, limit: usize) -> Result<(), FileError> {
    if count <= limit {
        return Ok(());
    }
    Err(FileError::limit(
        format!("工作表有 {count} 个合并单元格区域（上限 {limit}），文件可能已损坏"),
        format!("the sheet has {count} merged regions (at most {limit}): the file may be damaged"),
    ))
}

/// Merged regions, filled from their top-left cell as rows go by.
pub(super) struct Merges {
    /// Regions with their top-left value, not begun yet (the one starting last first) and
    /// begun.
    pending: Vec<(Dimensions, Cell)>,
    active: Vec<(Dimensions, Cell)>,
    /// One per region over several rows: its value is copied into each.
    warnings: Vec<Problem>,
    /// Cells that may still be looked at to fill them.
    budget: u64,
    limit: u64,
}

impl Merges {
    pub(super) fn new(mut regions: Vec<(Dimensions, Cell)>, limit: u64) -> Merges {
        let warnings = regions
            .iter()
            .filter(|(m, _)| m.end.0 > m.start.0)
            .map(|(m, value)| merge_warning(m, value))
            .collect();
        regions.sort_by_key(|(m, _)| std::cmp::Reverse(m.start.0));
        Merges {
            pending: regions,
            active: Vec::new(),
            warnings,
            budget: limit,
            limit,
        }
    }

    fn warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.warnings)
    }

    /// Fills the empty cells of `row` that lie in a merged region with its top-left value.
    fn fill(&mut self, row: u32, cells: &mut Vec<Cell>, width: usize) -> Result<(), FileError> {
        while self.pending.last().is_some_and(|(m, _)| m.start.0 <= row) {
            self.active.extend(self.pending.pop());
        }
        self.active.retain(|(m, _)| m.end.0 >= row);
        for (m, value) in &self.active {
            let first = m.start.1 as usize;
            let last = (m.end.1 as usize).min(width.saturating_sub(1));
            let fills = !matches!(value, Cell::Empty) && first <= last;
            // Every region a row is in costs, even one with nothing to fill.
            let looked = if fills { (last - first + 1) as u64 } else { 1 };
            if looked > self.budget {
                return Err(FileError::limit(
                    format!(
                        "合并单元格覆盖的单元格超过 {} 个，文件可能已损坏",
                        self.limit
                    ),
                    format!(
                        "merged regions cover more than {} cells: the file may be damaged",
                        self.limit
                    ),
                ));
            }
            self.budget -= looked;
            if !fills {
                continue;
            }
            if cells.len() <= last {
                cells.resize(last + 1, Cell::Empty);
            }
            for (c, cell) in cells.iter_mut().enumerate().take(last + 1).skip(first) {
                if (row, c as u32) != m.start && matches!(cell, Cell::Empty) {
                    *cell = value.clone();
                }
            }
        }
        Ok(())
    }
}

fn merge_warning(m: &Dimensions, value: &Cell) -> Problem {
    Problem::new(
        u64::from(m.start.0) + 1,
        Some(m.start.1 as usize),
        "",
        value.display(),
        format!(
            "合并单元格 {}{}:{}{}：值已填入每一行",
            column_letter(m.start.1 as usize),
            u64::from(m.start.0) + 1,
            column_letter(m.end.1 as usize),
            u64::from(m.end.0) + 1
        ),
        "merged cells: the value was copied to every row of the merge".into(),
    )
}
