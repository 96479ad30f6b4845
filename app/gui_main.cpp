#include "ui/application_identity.h"

#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <memory>
#include <string_view>

namespace {

// --help and --version must work without a display (scripts, packaging checks), so they get
// a QCoreApplication; everything else needs the GUI one.
bool wantsInfoOnly(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version" ||
            arg == "-v")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    std::unique_ptr<QCoreApplication> app;
    if (wantsInfoOnly(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    ferry::ui::applyApplicationIdentity(*app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ferry — private messenger and relay node"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(*app);

    std::fprintf(stderr, "ferry: this build has no desktop window yet; ferry-cli is the client "
                         "for now (ferry-cli --help)\n");
    return 2;
}
