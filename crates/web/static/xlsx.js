// liantu: every table on a page downloads as an Excel workbook (.xlsx), built here from the
// table as shown — its header row and its rows in their current order. Pages whose data is
// longer than what they show (the enterprise list, grading …) also offer the server's download
// of every row; this one is "this table".
//
// An .xlsx is a zip of a few XML parts. Nothing is compressed (the "stored" method), so the
// writer needs only CRC-32 and the zip headers, not a compression library. Numbers are written
// as numbers (thousands separators dropped, "12.5%" as 0.125 formatted as a percentage),
// everything else as text.
(function () {
  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // A zip archive of `files` ([{name, data: Uint8Array}]), stored, names in UTF-8.
  function zip(files) {
    var encoder = new TextEncoder();
    var parts = [];
    var central = [];
    var offset = 0;
    function header(size) {
      var buffer = new ArrayBuffer(size);
      return { bytes: new Uint8Array(buffer), view: new DataView(buffer) };
    }
    files.forEach(function (file) {
      var name = encoder.encode(file.name);
      var crc = crc32(file.data);
      var local = header(30);
      var v = local.view;
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true); // version needed: 2.0
      v.setUint16(6, 0x0800, true); // names in UTF-8
      v.setUint16(8, 0, true); // stored
      v.setUint16(10, 0, true); // time 00:00
      v.setUint16(12, 0x21, true); // date 1980-01-01
      v.setUint32(14, crc, true);
      v.setUint32(18, file.data.length, true);
      v.setUint32(22, file.data.length, true);
      v.setUint16(26, name.length, true);
      v.setUint16(28, 0, true);
      parts.push(local.bytes, name, file.data);
      var entry = header(46);
      var w = entry.view;
      w.setUint32(0, 0x02014b50, true);
      w.setUint16(4, 20, true);
      w.setUint16(6, 20, true);
      w.setUint16(8, 0x0800, true);
      w.setUint16(10, 0, true);
      w.setUint16(12, 0, true);
      w.setUint16(14, 0x21, true);
      w.setUint32(16, crc, true);
      w.setUint32(20, file.data.length, true);
      w.setUint32(24, file.data.length, true);
      w.setUint16(28, name.length, true);
      w.setUint32(42, offset, true);
      central.push(entry.bytes, name);
      offset += 30 + name.length + file.data.length;
    });
    var centralSize = central.reduce(function (n, b) { return n + b.length; }, 0);
    var end = header(22);
    end.view.setUint32(0, 0x06054b50, true);
    end.view.setUint16(8, files.length, true);
    end.view.setUint16(10, files.length, true);
    end.view.setUint32(12, centralSize, true);
    end.view.setUint32(16, offset, true);
    var all = parts.concat(central, [end.bytes]);
    var out = new Uint8Array(all.reduce(function (n, b) { return n + b.length; }, 0));
    var at = 0;
    all.forEach(function (b) { out.set(b, at); at += b.length; });
    return out;
  }

  function xml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    // Characters XML 1.0 forbids are dropped.
    }).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  }

  // A cell's text as shown, without the glossary's "?" links.
  function cellText(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll('a.term-help, .no-print').forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  var NUMBER = /^[+\-−]?\d{1,3}(,\d{3})*(\.\d+)?$|^[+\-−]?\d+(\.\d+)?$/;
  var PERCENT = /^([+\-−]?\d[\d,]*(\.\d+)?)\s*%$/;

  function column(i) {
    var name = '';
    for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
    return name;
  }

  function cellXml(ref, text) {
    var plain = text.replace(/,/g, '').replace('−', '-');
    if (NUMBER.test(text)) return '<c r="' + ref + '"><v>' + parseFloat(plain) + '</v></c>';
    var pct = text.match(PERCENT);
    if (pct) {
      var value = parseFloat(pct[1].replace(/,/g, '').replace('−', '-')) / 100;
      return '<c r="' + ref + '" s="1"><v>' + value + '</v></c>';
    }
    if (text === '' || text === '—') return '';
    return '<c r="' + ref + '" t="inlineStr"><is><t xml:space="preserve">' + xml(text) + '</t></is></c>';
  }

  function sheetXml(table) {
    var rows = [];
    var head = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    if (head) rows.push(Array.prototype.map.call(head.cells, cellText));
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (r) {
        rows.push(Array.prototype.map.call(r.cells, cellText));
      });
    });
    var out = rows.map(function (cells, r) {
      return '<row r="' + (r + 1) + '">' + cells.map(function (text, c) {
        var ref = column(c) + (r + 1);
        // The header row stays text, even where a header is a year.
        if (r === 0 && head) {
          return '<c r="' + ref + '" t="inlineStr"><is><t>' + xml(text) + '</t></is></c>';
        }
        return cellXml(ref, text);
      }).join('') + '</row>';
    });
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (head ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/></sheetView></sheetViews>' : '') +
      '<sheetData>' + out.join('') + '</sheetData></worksheet>';
  }

  // The workbook of one table, as the bytes of an .xlsx file.
  function tableXlsx(table, sheetName) {
    var name = (sheetName || 'Sheet1').replace(/[\[\]:*?\/\\]/g, ' ').slice(0, 31) || 'Sheet1';
    var NS = 'http://schemas.openxmlformats.org/';
    var parts = {
      '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="' + NS + 'package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
      '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="' + NS + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + NS + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
      'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<workbook xmlns="' + NS + 'spreadsheetml/2006/main" xmlns:r="' + NS + 'officeDocument/2006/relationships">' +
        '<sheets><sheet name="' + xml(name) + '" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="' + NS + 'package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + NS + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + NS + 'officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '</Relationships>',
      // Style 0: general; style 1: the built-in percentage format 0.00%.
      'xl/styles.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<styleSheet xmlns="' + NS + 'spreadsheetml/2006/main">' +
        '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
        '</styleSheet>',
      'xl/worksheets/sheet1.xml': sheetXml(table)
    };
    var encoder = new TextEncoder();
    return zip(Object.keys(parts).map(function (n) { return { name: n, data: encoder.encode(parts[n]) }; }));
  }
  window.liantuTableXlsx = tableXlsx;

  // The file's name: the page's title (without the brand) and, for a page with several tables,
  // the table's heading.
  function fileName(table) {
    var title = document.title.split(' · ').slice(0, -1).join(' · ') || document.title;
    var heading = table.previousElementSibling;
    while (heading && !/^H[1-3]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    var part = heading && heading.tagName !== 'H1' ? ' · ' + heading.textContent.trim() : '';
    return (title + part).replace(/[\\\/:*?"<>|]/g, ' ').trim() + '.xlsx';
  }

  // A table followed by a pager with links shows one page of a longer list: its button says
  // so (the page's own download link has every row).
  function isPaged(table) {
    var next = (table.closest('.table-wrap') || table).nextElementSibling;
    return !!(next && next.matches('nav.pager') && next.querySelector('a[href]'));
  }

  var zh = document.documentElement.lang !== 'en';
  document.querySelectorAll('table.data').forEach(function (table) {
    if (!table.tBodies.length || !table.tBodies[0].rows.length) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'table-download no-print';
    button.textContent = isPaged(table)
      ? (zh ? '下载本页（Excel）' : 'Download this page (Excel)')
      : (zh ? '下载本表（Excel）' : 'Download this table (Excel)');
    button.addEventListener('click', function () {
      var bytes = tableXlsx(table, fileName(table).replace(/\.xlsx$/, ''));
      var blob = new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName(table);
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    table.insertAdjacentElement('afterend', button);
  });
})();
