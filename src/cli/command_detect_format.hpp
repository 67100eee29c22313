#pragma once

#include "command.hpp"
#include "options.hpp"

namespace ocds::cli {

/// `ocds detect-format FILE...`: what each input is, streamed (any size).
class CommandDetectFormat : public Command {
public:
    const char* name() const override { return "detect-format"; }
    const char* synopsis() const override { return "ocds detect-format [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Says what each input is: a release package, record package, release, record, compiled or\n"
               "versioned release, an array of these, or JSON Lines or concatenated JSON of these (with one\n"
               "line per run of values when they differ). Reads the whole input, so a truncated or malformed\n"
               "file is reported as such. gzip input is decompressed.";
    }
    const char* examples() const override {
        return "  ocds detect-format releases.json records.jsonl.gz\n"
               "  curl -s https://example.org/ocds/releases.json | ocds detect-format\n"
               "  ocds detect-format --format json *.json\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    void detect(const std::string& path);

    InputOptions m_input;
    std::string m_format = "text";
};

} // namespace ocds::cli
