#pragma once
// The learning-rate schedules by name, with a one-line formula and the hyperparameter keys each
// reads (their defaults and help are in schedule_params()). One table serves make_schedule's
// key check and `optim list schedules`.
#include <string>
#include <vector>

namespace optim {

struct ScheduleInfo {
  std::string name;
  std::string summary;            // the rate formula and its source
  std::vector<std::string> keys;  // hyperparameters it reads, besides lr
};

const std::vector<ScheduleInfo>& all_schedules();

}  // namespace optim
