#!/bin/sh
# SIGKILL of sepm-build at many points of its run (docs/security.md): the
# image layout is afterwards either the old one (the tag absent) or the
# new one (complete, verified, readable by skopeo and umoci), never in
# between, and a rerun finishes the job.  (A kill may leave a blob's
# `NAME.tmp.PID` beside the blobs: nothing refers to it.)
. "$top_srcdir/tests/e2e/lib.sh"
image_test
busybox_image
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
build () {
  # shellcheck disable=SC2086
  sepm-build $POL -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web
}

cp -a img pristine
# How long one build takes here, to spread the kills over it.
start=$(date +%s%N)
build > /dev/null 2>&1 || fail "a clean build"
total_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one build takes ${total_ms} ms"

# state: "old" (no tag web), "new" (the tag verifies), or "broken".
state () {
  jq -e . img/index.json > /dev/null 2>&1 || { echo broken; return; }
  if ! jq -e '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "web")' img/index.json > /dev/null; then
    echo old; return
  fi
  # shellcheck disable=SC2086
  if sepm-verify $POL oci:img:web > /dev/null 2>&1 && skopeo inspect oci:img:web > /dev/null 2>&1 \
     && umoci stat --image img:web > /dev/null 2>&1; then
    echo new
  else
    echo broken
  fi
}

olds=0 news=0
for step in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
  rm -rf img && cp -a pristine img
  build > /dev/null 2>&1 &
  pid=$!
  # From almost at once to past the end of a build.
  sleep "$(echo "scale=3; $total_ms * $step / 14000" | bc)"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  s=$(state)
  case $s in
    old) olds=$((olds + 1)) ;;
    new) news=$((news + 1)) ;;
    *) fail "after a kill at step $step the layout is half-written" ;;
  esac
  build > /dev/null 2>&1 || fail "after a kill at step $step the rerun fails"
  [ "$(state)" = new ] || fail "after a kill at step $step the rerun does not finish the image"
done
echo "kills that left the old image: $olds, the new one: $news"
[ $((olds + news)) = 16 ] && pass "16 kills: the layout was always the old image or the new one"
[ "$olds" -gt 0 ] && pass "some kills landed before the index switch" || fail "no kill landed before the index switch"
[ "$news" -gt 0 ] && pass "some landed after it" || fail "no kill landed after the index switch"
finish
