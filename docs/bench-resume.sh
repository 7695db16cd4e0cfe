#!/bin/bash
# bench-resume.sh LABEL: ingest the generated corpus $CORPUS (default g60k; make it with
# rostrum gen --docs 60000 g60k), stop it with SIGINT after 30 s, ingest again, and print the
# time from the second start to its first new document and the second run in all.
# ROSTRUM names the binary (default: rostrum on PATH); LABEL only names the files in /tmp.
v=$1
rm -f /tmp/resume-$v.db*
${ROSTRUM:-rostrum} ingest --db /tmp/resume-$v.db ${CORPUS:-g60k} > /tmp/resume-$v-1.log 2>&1 & pid=$!
sleep 30; kill -INT $pid; wait $pid
tail -3 /tmp/resume-$v-1.log
n0=$(sqlite3 /tmp/resume-$v.db "select count(*) from documents")
start=$(date +%s.%N)
${ROSTRUM:-rostrum} ingest --db /tmp/resume-$v.db ${CORPUS:-g60k} > /tmp/resume-$v-2.log 2>&1 & pid=$!
first=""
while kill -0 $pid 2>/dev/null; do
  if [ -z "$first" ] && [ "$(sqlite3 /tmp/resume-$v.db 'select count(*) from documents' 2>/dev/null)" != "$n0" ]; then first=$(date +%s.%N); fi
  sleep 0.1
done
end=$(date +%s.%N)
echo "$v: $n0 stored before; first new document after $(echo "$first - $start" | bc) s; rerun $(echo "$end - $start" | bc) s"
tail -3 /tmp/resume-$v-2.log
