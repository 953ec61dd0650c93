-- wrk script: the hot read path, getActiveRoomInfo of an existing room, as tenant "bench".
-- The body is fixed, so bench-metrics.sh signs it once (HMAC-SHA256 hex) and passes the signature in SIG.
wrk.method = "POST"
wrk.body = '{"room_id":"bench01"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["API-KEY"] = "bench-key"
wrk.headers["HASH-SIGNATURE"] = os.getenv("SIG")
