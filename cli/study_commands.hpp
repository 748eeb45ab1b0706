#pragma once
// The `optim study` subcommands; cmd_study.cpp registers `study` and calls these to add each one.
// Every setup adds its flags to `sub` and returns the action run when it is chosen.
#include "command.hpp"

namespace optim::cli {

Action setup_study_step_size(CLI::App& app);
Action setup_study_decoupled(CLI::App& app);
Action setup_study_minibatch(CLI::App& app);
Action setup_study_behaviours(CLI::App& app);
Action setup_study_perceptron(CLI::App& app);
Action setup_study_vanishing(CLI::App& app);
Action setup_study_batch_size(CLI::App& app);
Action setup_study_depth(CLI::App& app);
Action setup_study_saddles(CLI::App& app);

// The studies' section of `optim demo`: step-size table (CSV) and two plots in out_dir.
void demo_studies(const std::string& out_dir);
// The behaviours study's verdicts, one line each (part of `optim demo`).
void demo_behaviours();

}  // namespace optim::cli
