#pragma once

#include "command.hpp"

#include <ocds/publish/publish.hpp>

namespace ocds::cli {

/// `ocds publish SITE --to URL`: the built site's current version to a static endpoint.
class CommandPublish : public Command {
public:
    const char* name() const override { return "publish"; }
    const char* synopsis() const override { return "ocds publish [SITE] --to URL [OPTIONS]"; }
    const char* description() const override {
        return "Publishes the current version of a site made by 'ocds build' to a static open-data endpoint:\n"
               "a local folder (file:///path), a web server with WebDAV (http(s)://host/path; PUT and MKCOL,\n"
               "as nginx's dav module serves them) or an S3-compatible bucket (s3://bucket/prefix, signed with\n"
               "AWS Signature Version 4). Incremental: only files missing there or whose sha256 differs are\n"
               "sent. A release file there with other content is never replaced: the publish stops. Content\n"
               "goes first, the version's manifest next, index.html and latest.json last, so readers never\n"
               "see a manifest naming a missing file; an interrupted publish is completed by running it again.";
    }
    const char* examples() const override {
        return "  ocds publish site --to file:///var/www/ocds\n"
               "  ocds publish site --to https://datos.example.org/ocds --config publisher.ini\n"
               "  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... ocds publish site --to s3://open-data/ocds --region us-east-2\n";
    }
    bool run() override;

    /// Publishes (progress on standard error unless quiet) and returns the figures; for run() and
    /// for ocds update.
    PublishSummary publish();
    std::string summary_line(const PublishSummary& summary) const;
    /// The target without credentials, for messages.
    std::string target_name() const;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    PublishOptions m_options;
};

} // namespace ocds::cli
