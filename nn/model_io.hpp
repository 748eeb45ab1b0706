#pragma once
// Saved models: a small versioned binary format with a checksum, holding the network spec, the
// input preprocessing (Scaler) and the flat parameter vector, so that `optim predict` can rebuild
// exactly the trained function.
//   bytes 0-7   magic "OPTIMNN\0"
//   bytes 8-11  format version (uint32, little-endian; this code writes version 2 and reads 1 and
//   2) bytes 12-19 payload length (uint64) payload     layer widths, activation/loss/init names,
//   activation parameter, bias init,
//               scaler shift/scale, data-set name, parameters (all numbers little-endian doubles /
//               uint64); version 2 then adds the data schema (nn/data_schema.hpp): kind, task,
//               feature columns with their levels, pixels, target names, class names, target
//               shift/scale. A version 1 file loads with an empty schema. Version 3 (written
//               only for an ensemble, so that a single network's file stays version 2) then adds
//               the member count K >= 2 and the parameters of members 2..K (the first member's are
//               the parameters above): `optim train --bagging K`.
//   last 8      FNV-1a 64-bit hash of the payload
// Loading checks every piece and throws std::invalid_argument naming the problem (not a model
// file, unsupported version, truncated, checksum mismatch, parameter count mismatch).
#include <string>
#include <vector>

#include "nn/data_schema.hpp"
#include "nn/dataset.hpp"
#include "nn/network.hpp"
#include "optim/checkpoint/state_archive.hpp"

namespace optim::nn {

struct Model {
  NetworkSpec spec;
  Scaler scaler;
  std::string data;    // name of the data set it was trained on (informational)
  Vec<double> params;  // stored in double whatever the training scalar
  DataSchema schema;   // how to read new data for it (empty for the named data sets)
  // An ensemble (nn/bagging.hpp): every member's parameters, members[0] == params; empty for a
  // single network.
  std::vector<Vec<double>> members;
};

template <class S>
void save_model(const std::string& path, const NetworkSpec& spec, const Vec<S>& params,
                const Scaler& scaler, const std::string& data_name,
                const DataSchema& schema = DataSchema{});
// An ensemble of members.size() >= 2 networks of one spec (version 3).
template <class S>
void save_ensemble(const std::string& path, const NetworkSpec& spec,
                   const std::vector<Vec<S>>& members, const Scaler& scaler,
                   const std::string& data_name, const DataSchema& schema = DataSchema{});
// Reads the regular file `path` header first: magic, version and the declared payload length
// are checked against the file's size before the payload is read (io/input_file.hpp).
Model load_model(const std::string& path);
// The same from bytes in memory (load_model reads the file and calls this; the fuzz target
// tests/fuzz/fuzz_model.cpp feeds it directly); `path` names the input in messages.
Model parse_model(const unsigned char* bytes, std::size_t size, const std::string& path);

using optim::fnv1a64;  // the checksum shared with checkpoint files (optim/checkpoint/)

}  // namespace optim::nn
