# Config generators for bench/run.sh (sourced). Every server listens on its own loopback port.
# Ports: origin 18000; HTTP proxies nginx 18001, haproxy 18002, sluice 18003;
#        TLS proxies nginx 18011, haproxy 18012, sluice 18013; sluice admin 18901.

ORIGIN_PORT=18000
declare -A HTTP_PORT=([nginx]=18001 [haproxy]=18002 [sluice]=18003 [none]=18000)
declare -A TLS_PORT=([nginx]=18011 [haproxy]=18012 [sluice]=18013)
ADMIN_PORT=18901

# The origin: NGINX serving three fixed bodies from files (small = 13 bytes, 16 KiB, 1 MiB).
gen_origin() { # dir
  local d=$1
  mkdir -p "$d/www" "$d/tmp"
  printf 'hello, bench\n' >"$d/www/small"
  head -c 16384 /dev/zero | tr '\0' 'a' >"$d/www/16k"
  head -c 1048576 /dev/zero | tr '\0' 'b' >"$d/www/1m"
  cat >"$d/origin.conf" <<CONF
worker_processes 1;
pid $d/origin.pid;
error_log $d/origin-error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  default_type text/plain;
  client_body_temp_path $d/tmp/body; proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fcgi; uwsgi_temp_path $d/tmp/uwsgi; scgi_temp_path $d/tmp/scgi;
  server {
    listen 127.0.0.1:$ORIGIN_PORT reuseport backlog=4096;
    root $d/www;
  }
}
CONF
}

# NGINX as a reverse proxy: upstream keep-alive, streaming through memory buffers (no temp files),
# X-Forwarded-For/-Proto like Sluice adds.
gen_nginx() { # dir workers(1|auto)
  local d=$1 w=$2
  mkdir -p "$d/tmp"
  cat >"$d/nginx-$w.conf" <<CONF
worker_processes $w;
worker_rlimit_nofile 20000;
pid $d/nginx-$w.pid;
error_log $d/nginx-$w-error.log warn;
events { worker_connections 30000; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $d/tmp/body; proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fcgi; uwsgi_temp_path $d/tmp/uwsgi; scgi_temp_path $d/tmp/scgi;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 256; keepalive_requests 100000000; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_max_temp_file_size 0;
  server {
    listen 127.0.0.1:${HTTP_PORT[nginx]} backlog=4096;
    location / { proxy_pass http://origin; }
  }
  server {
    listen 127.0.0.1:${TLS_PORT[nginx]} ssl http2 backlog=4096;
    ssl_certificate $d/tls/cert.pem;
    ssl_certificate_key $d/tls/key.pem;
    location / { proxy_pass http://origin; }
  }
}
CONF
}

# HAProxy in HTTP mode with keep-alive on both sides and connection reuse towards the origin.
gen_haproxy() { # dir workers(1|auto)
  local d=$1 w=$2 threads=""
  [ "$w" = 1 ] && threads="nbthread 1"
  cat >"$d/haproxy-$w.cfg" <<CONF
global
  # No maxconn: HAProxy derives it from the open-file limit (about 10,000 with 20,000 fds).
  $threads
  tune.ssl.default-dh-param 2048
defaults
  mode http
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  timeout http-keep-alive 300s
  option http-keep-alive
  option forwardfor
  http-reuse always
frontend fe
  bind 127.0.0.1:${HTTP_PORT[haproxy]} backlog 4096
  default_backend origin
frontend fe_tls
  bind 127.0.0.1:${TLS_PORT[haproxy]} ssl crt $d/tls/combined.pem alpn h2,http/1.1
  http-request set-header X-Forwarded-Proto https
  default_backend origin
backend origin
  server o1 127.0.0.1:$ORIGIN_PORT
CONF
}

# A self-signed ECDSA certificate for bench.local / 127.0.0.1.
gen_tls() { # dir
  local d=$1/tls
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj /CN=bench.local -addext "subjectAltName=DNS:bench.local,IP:127.0.0.1" \
    -keyout "$d/key.pem" -out "$d/cert.pem" 2>/dev/null
  cat "$d/cert.pem" "$d/key.pem" >"$d/combined.pem"
}

# Sluice: GatewayClass + Gateway on 127.0.0.1, the origin as Service + EndpointSlice, and
# `routes` HTTPRoutes. Route 0 is the catch-all the benchmark hits; routes 1.. match /svc-N
# prefixes that sort before it, so with many routes every request scans all of them.
gen_sluice() { # dir routes tls(yes|no)
  local d=$1 n=$2 tls=$3
  mkdir -p "$d"
  local tls_listener=""
  if [ "$tls" = yes ]; then
    tls_listener="
    - name: https
      protocol: HTTPS
      port: ${TLS_PORT[sluice]}
      tls:
        mode: Terminate
        certificateRefs:
          - name: bench-tls
      allowedRoutes:
        namespaces:
          from: Same"
    cat >"$d/secret.yaml" <<CONF
apiVersion: v1
kind: Secret
metadata:
  name: bench-tls
  namespace: default
type: kubernetes.io/tls
data:
  tls.crt: $(base64 -w0 "$(dirname "$d")/tls/cert.pem")
  tls.key: $(base64 -w0 "$(dirname "$d")/tls/key.pem")
CONF
  fi
  cat >"$d/gateway.yaml" <<CONF
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: sluice
spec:
  controllerName: sluice.dev/gateway-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: bench
  namespace: default
spec:
  gatewayClassName: sluice
  addresses:
    - type: IPAddress
      value: 127.0.0.1
  listeners:
    - name: http
      protocol: HTTP
      port: ${HTTP_PORT[sluice]}
      allowedRoutes:
        namespaces:
          from: Same$tls_listener
---
apiVersion: v1
kind: Service
metadata:
  name: origin
  namespace: default
spec:
  ports:
    - name: http
      port: 80
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: origin
  namespace: default
  labels:
    kubernetes.io/service-name: origin
addressType: IPv4
ports:
  - name: http
    port: $ORIGIN_PORT
endpoints:
  - addresses:
      - 127.0.0.1
---
# The same connection limits as the NGINX config above (keepalive_requests, keepalive_timeout,
# worker_connections), so that no proxy closes a benchmark connection the others keep.
apiVersion: gateway.sluice.dev/v1alpha1
kind: ClientTrafficPolicy
metadata:
  name: bench
  namespace: default
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: Gateway
      name: bench
  timeouts:
    idle: 300s
  connection:
    maxConnections: 30000
    maxRequests: 100000000
CONF
  gen_sluice_routes "$d/routes.yaml" "$n"
}

gen_sluice_routes() { # file routes [gateway]
  local f=$1 n=$2 gw=${3:-bench} i
  {
    route_doc "$gw-catch-all" / "$gw"
    for ((i = 1; i < n; i++)); do
      echo ---
      route_doc "$gw-svc-$i" "/svc-$i" "$gw"
    done
  } >"$f"
}

# A second Gateway, "many", on port 18004 with `routes` HTTPRoutes, next to the 1-route "bench"
# Gateway of gen_sluice: one JVM serves both, so the two can be measured interleaved.
MANY_PORT=18004
gen_sluice_many() { # dir routes
  local d=$1 n=$2
  cat >"$d/many.yaml" <<CONF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: many
  namespace: default
spec:
  gatewayClassName: sluice
  addresses:
    - type: IPAddress
      value: 127.0.0.1
  listeners:
    - name: http
      protocol: HTTP
      port: $MANY_PORT
      allowedRoutes:
        namespaces:
          from: Same
CONF
  gen_sluice_routes "$d/many-routes.yaml" "$n" many
}

route_doc() { # name pathPrefix gateway
  cat <<CONF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: $1
  namespace: default
spec:
  parentRefs:
    - name: $3
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: $2
      backendRefs:
        - name: origin
          port: 80
CONF
}
