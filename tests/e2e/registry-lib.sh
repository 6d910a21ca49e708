# Registries for the docker:// tests: Debian's docker-registry on
# 127.0.0.1 with TLS from a CA made here with openssl.  Sourced after
# lib.sh; every server is stopped when the test exits.
#   make_ca                      $T/ca/ca.crt, and server.crt/.key for 127.0.0.1
#   start_registry NAME AUTH     AUTH: none, token (auth: silly and
#                                token-server.py; user alice, password
#                                secret) or basic (htpasswd); sets
#                                $NAME_PORT (NAME: a shell word)
#   free_port                    a free TCP port on 127.0.0.1
#   isolate_credentials          no credentials from this machine's files
#   push SKOPEO-ARGS... SRC DEST skopeo copy, trusting make_ca's CA

REGISTRY_PIDS=""
stop_registries () {
  for pid in $REGISTRY_PIDS; do kill -9 "$pid" 2> /dev/null; done
  # A killed server's workers may still be writing its state for a moment.
  rm -rf "$T" 2> /dev/null || { sleep 1; rm -rf "$T"; }
}
trap stop_registries EXIT

# Each case names its own credentials: HOME and XDG_RUNTIME_DIR are the
# test's, and REGISTRY_AUTH_FILE is unset.
isolate_credentials () {
  export HOME="$T/home" XDG_RUNTIME_DIR="$T/run"
  unset REGISTRY_AUTH_FILE
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
}

push () { skopeo copy -q --dest-cert-dir "$T/certs" "$@" > /dev/null 2> "$T/push.err" || cat "$T/push.err" >&2; }

free_port () {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

make_ca () {
  mkdir -p "$T/ca"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=sepm test CA" \
    -keyout "$T/ca/ca.key" -out "$T/ca/ca.crt" 2> /dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$T/ca/server.key" \
    -out "$T/ca/server.csr" 2> /dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$T/ca/ext"
  openssl x509 -req -in "$T/ca/server.csr" -CA "$T/ca/ca.crt" -CAkey "$T/ca/ca.key" -CAcreateserial \
    -days 2 -extfile "$T/ca/ext" -out "$T/ca/server.crt" 2> /dev/null
  # The --cert-dir a client is given: only the CA.
  mkdir -p "$T/certs"
  cp "$T/ca/ca.crt" "$T/certs/ca.crt"
}

# wait_https PORT PATH: until the server answers (at most 10 s).
wait_https () {
  i=0
  while [ $i -lt 100 ]; do
    curl -s -o /dev/null --cacert "$T/ca/ca.crt" "https://127.0.0.1:$1$2" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  echo "server on port $1 did not start" >&2
  return 1
}

start_registry () {
  name=$1 auth=$2
  port=$(free_port)
  dir="$T/registry-$name"
  mkdir -p "$dir/storage"
  case $auth in
    none) auth_yaml="" ;;
    token)
      tport=$(free_port)
      python3 "$top_srcdir/tests/e2e/token-server.py" "$tport" "$T/ca/server.crt" "$T/ca/server.key" \
        alice secret > "$dir/token.log" 2>&1 &
      REGISTRY_PIDS="$REGISTRY_PIDS $!"
      wait_https "$tport" /token || true
      auth_yaml="auth:
  silly:
    realm: https://127.0.0.1:$tport/token
    service: sepm-test"
      eval "${name}_TOKEN_LOG=$dir/token.log"
      ;;
    basic)
      htpasswd -Bbc "$dir/htpasswd" alice secret 2> /dev/null
      auth_yaml="auth:
  htpasswd:
    realm: sepm-test
    path: $dir/htpasswd"
      ;;
  esac
  cat > "$dir/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  tls:
    certificate: $T/ca/server.crt
    key: $T/ca/server.key
$auth_yaml
EOF
  docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 &
  eval "${name}_PID=$!"
  REGISTRY_PIDS="$REGISTRY_PIDS $!"
  eval "${name}_PORT=$port"
  eval "${name}_DIR=$dir"
  wait_https "$port" /v2/
}

# blob_file NAME DIGEST: where registry NAME keeps a blob's bytes.
blob_file () {
  eval "d=\$${1}_DIR"
  hex=${2#sha256:}
  echo "$d/storage/docker/registry/v2/blobs/sha256/$(echo "$hex" | cut -c1-2)/$hex/data"
}
