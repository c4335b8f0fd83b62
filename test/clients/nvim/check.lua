-- Drives keepalive-language-server from Neovim 0.7 the way a user's init.lua does: loads the README's
-- snippet (KL_SNIPPET), turns filetype detection on (after the user's init, as Neovim's startup does),
-- opens the file (KL_EXPECT's `file`) and records what the client itself got into KL_OUT (JSON):
-- the client attached and the languageId it sends, the diagnostics in vim.diagnostic, hover,
-- codeLens, and the text after applying a code action's edit. test/clients/run.ts compares.
--
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/clients/nvim/check.lua'
local TIMEOUT_MS = tonumber(os.getenv('KL_TIMEOUT_MS') or '8000')
local out = { errors = {}, notes = {} }

local function fail(msg)
  table.insert(out.errors, msg)
end

local function finish()
  local f = io.open(os.getenv('KL_OUT'), 'w')
  if f then
    f:write(vim.fn.json_encode(out))
    f:close()
  end
  if #out.errors > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local function read(path)
  local f = assert(io.open(path, 'r'))
  local s = f:read('*a')
  f:close()
  return s
end

local ok, err = pcall(function()
  local exp = vim.fn.json_decode(read(os.getenv('KL_EXPECT')))

  -- Instrumentation only: a server that dies must end the wait, not time it out.
  local server_exit
  local start_client = vim.lsp.start_client
  vim.lsp.start_client = function(config)
    local user_on_exit = config.on_exit
    config.on_exit = function(code, signal, client_id)
      server_exit = { code = code, signal = signal }
      if user_on_exit then
        user_on_exit(code, signal, client_id)
      end
    end
    out.started = (out.started or 0) + 1
    return start_client(config)
  end

  -- What reaches vim.diagnostic goes through the default handler; only note that it ran, per uri.
  local published = {}
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
    published[result.uri] = (published[result.uri] or 0) + 1
    return default_publish(e, result, ctx, config)
  end

  dofile(os.getenv('KL_SNIPPET'))
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(exp.file))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo.filetype

  -- A client counts as attached once it is initialized (buf_get_clients lists only those).
  local client
  vim.wait(TIMEOUT_MS, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      client = c
    end
    -- get_active_clients lists initialized clients: once all started ones are, attaching is done.
    return client ~= nil or server_exit ~= nil or #vim.lsp.get_active_clients() >= (out.started or 0)
  end, 10)
  if not client then
    fail(string.format('no language client attached to %s (filetype %q; clients started: %d)', exp.file, vim.bo.filetype, out.started or 0))
    return
  end
  out.attached = true
  out.clientName = client.name
  out.languageId = client.config.get_language_id(bufnr, vim.bo.filetype)
  local uri = vim.uri_from_bufnr(bufnr)
  out.uri = uri

  if not vim.wait(TIMEOUT_MS, function()
    return published[uri] ~= nil or server_exit ~= nil
  end, 10) then
    fail('no textDocument/publishDiagnostics for ' .. uri .. ' within ' .. TIMEOUT_MS .. ' ms')
  end
  if server_exit then
    fail(string.format('the server exited (code %s, signal %s)', tostring(server_exit.code), tostring(server_exit.signal)))
    return
  end

  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { line = d.lnum, col = d.col, code = d.code, severity = d.severity, message = d.message })
  end

  local function request(method, params)
    local responses, why = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
    if not responses then
      fail(method .. ': no answer (' .. tostring(why) .. ')')
      return nil
    end
    local r = responses[client.id]
    if not r then
      fail(method .. ': no answer from ' .. client.name)
      return nil
    end
    if r.err then
      fail(method .. ': ' .. vim.inspect(r.err))
      return nil
    end
    return r.result
  end

  -- Hover where the cursor is, as K does it.
  vim.api.nvim_win_set_cursor(0, { exp.hover.line + 1, exp.hover.character })
  local hover = request('textDocument/hover', vim.lsp.util.make_position_params())
  if hover and hover ~= vim.NIL then
    local c = hover.contents
    out.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or c
  end

  local lenses = request('textDocument/codeLens', { textDocument = { uri = uri } })
  out.codeLens = {}
  for _, l in ipairs(lenses or {}) do
    table.insert(out.codeLens, { line = l.range.start.line, title = l.command and l.command.title or vim.NIL })
  end

  -- The code action as vim.lsp.buf.code_action() asks for it: cursor on the diagnostic, the line's
  -- diagnostics converted back from vim.diagnostic as context.
  if exp.codeAction ~= vim.NIL and exp.codeAction ~= nil then
    local a = exp.codeAction
    vim.api.nvim_win_set_cursor(0, { a.line + 1, a.character })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
    out.codeActionContext = #params.context.diagnostics
    local actions = request('textDocument/codeAction', params) or {}
    out.codeActionTitles = {}
    local chosen
    for _, action in ipairs(actions) do
      table.insert(out.codeActionTitles, action.title)
      if action.title == a.title then
        chosen = action
      end
    end
    if chosen and chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
      local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
      if vim.bo[bufnr].eol then
        text = text .. '\n'
      end
      out.appliedText = text
    end
  end
end)
if not ok then
  fail('check.lua: ' .. tostring(err))
end
finish()
