#!/usr/bin/env bash
# A Llama-3.2-1B-shaped model (1.24B parameters, bfloat16) written as a Hugging Face folder, side by
# side in one shell: weightinit `init --hf-config` on each device asked for, and transformers'
# `from_config` + `save_pretrained` of the same config (issue "The init pipeline at the engine's
# speed", item 4). Wall seconds and peak resident memory (GNU time), JVM starts included; runs
# alternate, every output is removed before the next, all write to the same DIR.
#   bash benchmarks/scripts/llama-vs-transformers.sh [DIR] [RUNS] [DEVICES]
# DIR defaults to /dev/shm, RUNS to 3, DEVICES to "cpu auto". Needs target/weightinit.jar
# (mvn -B -q package -DskipTests), /usr/bin/time, and a python3 with torch and transformers
# (PYTHON, default python3; a pinned CPU build: pip install torch transformers safetensors).
# Where transformers is missing the weightinit rows still run and the script says so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-/dev/shm}
runs=${2:-3}
read -r -a devices <<<"${3:-cpu auto}"
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work" "$dir"/wi-llama-*' EXIT
# Llama-3.2-1B's shape (meta-llama/Llama-3.2-1B config.json), tied embeddings.
cat >"$work/config.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 2048, "intermediate_size": 8192,
 "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 128256,
 "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "tie_word_embeddings": true,
 "torch_dtype": "bfloat16", "initializer_range": 0.02, "hidden_act": "silu"}
JSON
cat >"$work/hf.py" <<'PY'
import sys, torch, transformers
config = transformers.AutoConfig.from_pretrained(sys.argv[1])
model = transformers.AutoModelForCausalLM.from_config(config, torch_dtype=torch.bfloat16)
model.save_pretrained(sys.argv[2])
PY
measure() { # label, command...: prints "label seconds peak-MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "$label failed:"; tail -3 "$work/err"; return 0; }
  read -r secs kb <"$work/time"
  printf '%-40s %8.2f s %8d MB\n' "$label" "$secs" $(( kb / 1024 ))
}
have_hf=1
"$python" -c "import torch, transformers" 2>/dev/null || { have_hf=0; echo "transformers is not importable by $python: its rows are skipped"; }
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); DIR $dir"
for run in $(seq 1 "$runs"); do
  for device in "${devices[@]}"; do
    rm -rf "$dir/wi-llama-ours"
    measure "run $run weightinit --device $device" java -jar target/weightinit.jar init --hf-config "$work/config.json" \
      --device "$device" --seed 1 --progress none --no-summary --out "$dir/wi-llama-ours"
  done
  rm -rf "$dir/wi-llama-ours"
  if [ "$have_hf" = 1 ]; then
    rm -rf "$dir/wi-llama-hf"
    measure "run $run transformers from_config+save" "$python" "$work/hf.py" "$work/config.json" "$dir/wi-llama-hf"
    rm -rf "$dir/wi-llama-hf"
  fi
done
