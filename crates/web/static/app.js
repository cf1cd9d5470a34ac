// liantu: a little progressive enhancement, nothing required for the pages to work.
(function () {
  // The stylesheet folds the menu on narrow screens only when this script runs.
  document.documentElement.classList.add('js');
  var toggle = document.getElementById('menu-toggle');
  var menu = document.getElementById('menu');
  if (toggle && menu) {
    var setOpen = function (open) {
      menu.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    };
    toggle.addEventListener('click', function () {
      setOpen(!menu.classList.contains('open'));
    });
    menu.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && menu.classList.contains('open')) { setOpen(false); toggle.focus(); }
    });
  }

  // Changing the chain filter clears the node filter (nodes belong to a chain).
  var form = document.getElementById('enterprise-filters');
  if (form) {
    var chain = form.querySelector('select[name=chain]');
    var node = form.querySelector('select[name=node]');
    if (chain) chain.addEventListener('change', function () {
      if (node) node.value = '';
      form.submit();
    });
  }

  // Choosing in a filter shows the result at once (the pages also work with the button).
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  // Deleting asks first.
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
  // Tables sort like a spreadsheet: a click on a column header (or Enter on it) sorts the rows
  // by that column, a second click reverses. Numbers compare as numbers (thousands separators,
  // % and a trailing year in brackets ignored), text in Chinese pinyin order; empty cells (—)
  // stay last either way.
  var EMPTY = /^(—|-|–)?$/;
  var NUMBER = /^[+\-−]?\d[\d,]*(\.\d+)?\s*%?$/;
  function leadingNumber(text) {
    var m = text.replace(/,/g, '').replace('−', '-').match(/^[+\-]?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : NaN;
  }
  function sortTable(table, th, index) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return r.cells[index].textContent.trim(); });
    var filled = texts.filter(function (t) { return !EMPTY.test(t); });
    var numeric = th.classList.contains('num') ||
      (filled.length > 0 && filled.every(function (t) { return NUMBER.test(t); }));
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    var keyed = rows.map(function (row, i) {
      var t = texts[i];
      var key = EMPTY.test(t) ? null : (numeric ? leadingNumber(t) : t);
      if (numeric && key !== null && isNaN(key)) key = null;
      return { row: row, key: key, i: i };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.i - b.i;
        return a.key === null ? 1 : -1;
      }
      var c = numeric ? a.key - b.key : a.key.localeCompare(b.key, 'zh-CN');
      if (!ascending) c = -c;
      return c || a.i - b.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    th.parentNode.querySelectorAll('th[aria-sort]').forEach(function (h) {
      h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  }
  document.querySelectorAll('table.data').forEach(function (table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || table.tBodies.length !== 1 || body.rows.length < 2) return;
    var headers = head.rows[head.rows.length - 1].cells;
    // Only a plain grid: one header cell per column, no merged body cells.
    var plain = Array.prototype.every.call(headers, function (h) { return h.colSpan === 1; }) &&
      Array.prototype.every.call(body.rows, function (r) { return r.cells.length === headers.length; });
    if (!plain) return;
    Array.prototype.forEach.call(headers, function (th, index) {
      if (!th.textContent.trim()) return;
      th.classList.add('sortable');
      th.tabIndex = 0;
      th.addEventListener('click', function (e) {
        // A link in the header (the glossary's "?") still goes to its page.
        if (e.target.closest('a')) return;
        sortTable(table, th, index);
      });
      th.addEventListener('keydown', function (e) {
        if (e.target !== th || (e.key !== 'Enter' && e.key !== ' ')) return;
        e.preventDefault();
        sortTable(table, th, index);
      });
    });
  });
})();
