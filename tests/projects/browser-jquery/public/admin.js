/* Admin console: a plain browser script (no modules), loaded after jQuery. */
(function (window, $) {
  'use strict';

  var api = window.AdminApi;

  // Rejects every selected row. jQuery's `map` passes (index, element).
  async function rejectSelected() {
    var results = await Promise.all($('.rows tr.selected').map((index, row) => api.reject($(row).data('id'))));
    return results;
  }

  // Refreshes every id listed in the table's data attribute.
  async function refreshListed() {
    const ids = String($('#orders').data('ids')).split(',');
    const refreshed = await Promise.all(ids.map(async (id) => {
      const order = await api.load(id);
      return order.status;
    }));
    $('#status').text(refreshed.join(' '));
    return refreshed;
  }

  // Archives every cached order; the cache is a plain object.
  async function archiveCached(cache) {
    await Promise.all(Object.keys(cache).map((id) => api.archive(id)));
    return Object.keys(cache).length;
  }

  window.Admin = { rejectSelected: rejectSelected, refreshListed: refreshListed, archiveCached: archiveCached };
})(window, jQuery);
