/** The Lua line every shared-limit script starts with: `now`, in ms, on Redis's own clock (one clock for every node). */
export const REDIS_NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
