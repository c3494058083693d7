// The class table: click a column head to sort (again to reverse), type to filter by student, choose a
// status. Plain DOM, no library, no fetch: it runs inside the self-contained index page.
(function () {
  var table = document.getElementById('students');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('filter');
  var status = document.getElementById('status-filter');
  var shown = document.getElementById('shown');
  var heads = table.tHead.rows[0].cells;
  var sortColumn = -1;
  var ascending = true;

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.getAttribute('data-sort');
    if (value === null) value = cell.textContent;
    return numeric ? Number(value) : value;
  }

  function sortBy(column) {
    var numeric = heads[column].getAttribute('data-type') === 'number';
    ascending = column === sortColumn ? !ascending : !numeric;
    sortColumn = column;
    // Keys read once per row, not once per comparison; the body is detached while the rows move.
    var keyed = rows.map(function (row) { return { row: row, key: key(row, column, numeric), name: key(row, 0, false) }; });
    keyed.sort(function (a, b) {
      var order = numeric ? a.key - b.key : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      if (order === 0) order = a.name < b.name ? -1 : 1;
      return ascending ? order : -order;
    });
    rows = keyed.map(function (entry) { return entry.row; });
    var parent = body.parentNode;
    var next = body.nextSibling;
    parent.removeChild(body);
    rows.forEach(function (row) { body.appendChild(row); });
    parent.insertBefore(body, next);
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute('aria-sort', i === column ? (ascending ? 'ascending' : 'descending') : 'none');
  }

  function applyFilter() {
    var text = filter.value.trim().toLowerCase();
    var wanted = status.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (text === '' || row.cells[0].textContent.toLowerCase().indexOf(text) !== -1) && (wanted === '' || row.getAttribute('data-status') === wanted);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = String(count);
  }

  for (var i = 0; i < heads.length; i++) {
    (function (column) {
      var button = heads[column].querySelector('button');
      if (button) button.addEventListener('click', function () { sortBy(column); });
    })(i);
  }
  filter.addEventListener('input', applyFilter);
  status.addEventListener('change', applyFilter);
})();
