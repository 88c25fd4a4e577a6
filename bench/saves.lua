-- wrk script: PUT step saves, cycling through prepared (token, path, body) lines.
-- Each of wrk's threads reads the file given after `--` and starts at its own offset.
local saves = {}
local position = 0

function init(args)
  for line in io.lines(args[1]) do
    local token, path, body = line:match("([^\t]+)\t([^\t]+)\t(.+)")
    saves[#saves + 1] = { token = token, path = path, body = body }
  end
  position = math.random(#saves)
end

function request()
  position = position % #saves + 1
  local save = saves[position]
  return wrk.format("PUT", save.path, {
    ["Authorization"] = "Bearer " .. save.token,
    ["Content-Type"] = "application/json",
  }, save.body)
end
