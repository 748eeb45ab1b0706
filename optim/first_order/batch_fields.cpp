// The field table of the minibatch loop's settings (BatchOptions).
#include "optim/first_order/first_order.hpp"

namespace optim {

const settings::FieldTable<BatchOptions>& batch_fields() {
  using namespace settings;
  using B = BatchOptions;
  static const FieldTable<B> table = [] {
    FieldTable<B> t;
    t.fields = {
        integer("batch_size", &B::batch_size,
                "samples per update: 0 full batch, 1 online, else minibatch", Range::at_least(0),
                "samples"),
        boolean("shuffle", &B::shuffle, "reshuffle the sample order every epoch"),
        integer("seed", &B::seed, "seed of the shuffling"),
    };
    return t;
  }();
  return table;
}

void BatchOptions::validate() const {
  batch_fields().validate(*this);
}

}  // namespace optim
