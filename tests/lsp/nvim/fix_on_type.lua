-- Neovim's built-in LSP client (headless) against `fanout lsp`: open a file,
-- type a fan-out, receive the diagnostic, apply the preferred quick fix, save,
-- and find the file fixed on disk. Run by ctest (tests/CMakeLists.txt):
--   FANOUT_BINARY=build/fanout nvim --headless --clean -i NONE -n -c 'luafile tests/lsp/nvim/fix_on_type.lua'
-- Exits 0 when every step held, 1 (with the reason on stderr) otherwise.

local fanout = assert(os.getenv('FANOUT_BINARY'), 'FANOUT_BINARY is not set')
local timeout = 20000

local function step(message)
  io.stderr:write('nvim test: ' .. message .. '\n')
end

local function wait_for(what, condition)
  if not vim.wait(timeout, condition, 20) then error('timed out waiting for ' .. what) end
end

local function fanout_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function run()
  local root = vim.fn.tempname()
  vim.fn.mkdir(root .. '/src', 'p')
  local path = root .. '/src/jobs.js'
  vim.fn.writefile({ 'export async function run(items) {', '  return items.length;', '}' }, path)
  vim.o.swapfile = false
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()

  local client_id = vim.lsp.start_client({
    name = 'fanout',
    cmd = { fanout, 'lsp' },
    root_dir = root,
    flags = { debounce_text_changes = 50 },
  })
  assert(client_id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, client_id)
  wait_for('initialize', function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end)
  step('initialized; the file is clean')
  vim.wait(300)
  assert(#vim.diagnostic.get(buf) == 0, 'a clean file has diagnostics')

  -- Typing, in insert mode, below the first line.
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  local keys = vim.api.nvim_replace_termcodes('o<C-u>  await Promise.all(items.map(async (x) => work(x)));<Esc>', true, false, true)
  vim.api.nvim_feedkeys(keys, 'xt', false)
  wait_for('the diagnostic', function() return #vim.diagnostic.get(buf) == 1 end)
  local diagnostic = vim.diagnostic.get(buf)[1]
  assert(fanout_code(diagnostic) == 'unbounded-promise-all', 'unexpected code ' .. tostring(fanout_code(diagnostic)))
  assert(diagnostic.lnum == 1 and diagnostic.col == 8, ('at %d:%d'):format(diagnostic.lnum, diagnostic.col))
  assert(diagnostic.severity == vim.diagnostic.severity.ERROR, 'not an error')
  step('received: ' .. diagnostic.message)

  -- What `check --fix` makes of the buffer is what the quick fix must give.
  local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  -- (stderr, where the report goes, is left out)
  local expected = vim.fn.system(('%s check --stdin --stdin-filename %s --fix 2>/dev/null'):format(
    vim.fn.shellescape(fanout), vim.fn.shellescape(path)), before)
  assert(expected ~= before, 'check --fix changes nothing')

  -- The client's own code action flow; the menu picks the preferred fix.
  local offered = {}
  vim.ui.select = function(items, _, on_choice)
    for _, item in ipairs(items) do
      local action = item[2] or item.action
      table.insert(offered, action.title)
      if action.isPreferred then return on_choice(item) end
    end
    on_choice(nil)
  end
  vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
  vim.lsp.buf.code_action()
  wait_for('the quick fix to apply', function()
    return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n' ~= before
  end)
  step('offered: ' .. table.concat(offered, ' | '))
  wait_for('the diagnostic to clear', function() return #vim.diagnostic.get(buf) == 0 end)

  vim.cmd('write')
  local saved = table.concat(vim.fn.readfile(path), '\n') .. '\n'
  if saved ~= expected then
    error('the saved file is not what check --fix gives:\n' .. saved .. '\n--- expected ---\n' .. expected)
  end
  local check = vim.fn.system({ fanout, 'check', path, '--format', 'compact' })
  assert(vim.v.shell_error == 0, 'check still reports: ' .. check)
  step('the file on disk is fixed and checks clean')

  vim.lsp.stop_client(client_id)
  wait_for('the server to stop', function() return vim.lsp.get_client_by_id(client_id) == nil end)
  vim.fn.delete(root, 'rf')
end

local ok, err = xpcall(run, debug.traceback)
if ok then
  vim.cmd('qall!')
else
  io.stderr:write('nvim test FAILED: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
