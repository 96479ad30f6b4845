// Runs a libFuzzer-style target without libFuzzer: every file of a seed corpus, then a fixed
// number of deterministic random mutations of those seeds. The suite builds each decoder's
// target with this driver so every test run (under ASan+UBSan) exercises the decoders on
// hostile input; with clang and FERRY_FUZZ=ON the same targets build as real fuzzers.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Input = std::vector<std::uint8_t>;

// The input under test, printed as hex if a target aborts, so a failure can be replayed.
const Input* g_current = nullptr;

void printCurrentInput(int) {
    if (g_current) {
        std::fputs("\ncrashing input (hex): ", stderr);
        for (std::uint8_t b : *g_current)
            std::fprintf(stderr, "%02x", b);
        std::fputs("\n", stderr);
    }
    std::signal(SIGABRT, SIG_DFL);
}

void run(const Input& input) {
    g_current = &input;
    LLVMFuzzerTestOneInput(input.data(), input.size());
    g_current = nullptr;
}

std::vector<Input> loadCorpus(const std::filesystem::path& dir) {
    std::vector<Input> corpus;
    if (!std::filesystem::is_directory(dir))
        return corpus;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end()); // deterministic order, deterministic mutations
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return corpus;
}

Input mutate(Input input, std::mt19937_64& rng) {
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < edits; ++i) {
        const auto pos = input.empty() ? 0 : rng() % input.size();
        switch (rng() % 6) {
        case 0: // flip a bit
            if (!input.empty())
                input[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            break;
        case 1: // random byte
            if (!input.empty())
                input[pos] = static_cast<std::uint8_t>(rng());
            break;
        case 2: // insert a byte
            input.insert(input.begin() + static_cast<std::ptrdiff_t>(pos),
                         static_cast<std::uint8_t>(rng()));
            break;
        case 3: // erase a run
            if (!input.empty())
                input.erase(input.begin() + static_cast<std::ptrdiff_t>(pos),
                            input.begin() + static_cast<std::ptrdiff_t>(
                                                std::min(input.size(), pos + 1 + rng() % 16)));
            break;
        case 4: // truncate
            input.resize(pos);
            break;
        default: { // interesting length-like values
            static constexpr std::uint8_t kValues[] = {0, 1, 0x7f, 0x80, 0xff, ' ', '#'};
            if (!input.empty())
                input[pos] = kValues[rng() % std::size(kValues)];
        }
        }
    }
    return input;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
        return 2;
    }
    const std::vector<Input> corpus = loadCorpus(argv[1]);
    if (corpus.empty()) {
        std::fprintf(stderr, "no seed files in %s\n", argv[1]);
        return 2;
    }
    const long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 20000;
    std::signal(SIGABRT, printCurrentInput);
    for (const Input& seed : corpus)
        run(seed);
    std::mt19937_64 rng(0x5eed);
    for (long i = 0; i < mutations; ++i) {
        const Input input = mutate(corpus[rng() % corpus.size()], rng);
        run(input);
    }
    std::printf("%zu seeds and %ld mutations ran without a crash\n", corpus.size(), mutations);
    return 0;
}
