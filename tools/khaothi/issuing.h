// Shared by the head of centre's commands (keys, approve, cert) and the results commands:
// where the keys live, reading the passphrase, loading the keys, and today's date.
#pragma once

#include <string>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"

#include "khaothi_cli.h"

namespace khaothi::tools {

// The issuing key's default place: DIR/../issuer/issuer-key.pem — outside the centre directory
// that the server reads, so the server never loads it.
std::string DefaultIssuerKeyPath(const Globals& g);
// DIR/keys/issuer-key.pub.pem: the published public key (also registered in center.db).
std::string IssuerPublicKeyPath(const Globals& g);

// The passphrase: the first line of `passphrase_file` when given, else $KHAOTHI_PASSPHRASE, else
// asked on the terminal without echo (twice when `confirm`). kInvalidArgument when empty.
Result<std::string> ReadPassphrase(const Globals& g, const std::string& passphrase_file,
                                   bool confirm);

// Loads the encrypted issuing key (kPermissionDenied for a wrong passphrase).
Result<crypto::SigningKey> LoadIssuerKey(const Globals& g, const std::string& key_path,
                                         const std::string& passphrase_file);
// LoadIssuerKey with the key and passphrase file the command's options name (AddKeyOptions).
Result<crypto::SigningKey> LoadIssuerKey(const Globals& g, const po::variables_map& vm);

// What a command that signs as the head of centre opens first: the centre directory, then the
// issuing key its options name (so a missing centre is said before the passphrase is asked).
struct SigningCentre {
  CentreHandle centre;
  crypto::SigningKey key;
};
Result<SigningCentre> OpenCentreToSign(const Globals& g, const po::variables_map& vm);

// The results key: the server's receipt key DIR/keys/receipt-key.pem.
Result<crypto::SigningKey> LoadResultsKey(const Globals& g);

// Today in the local time zone, 'YYYY-MM-DD'.
std::string Today();

// Adds --key and --passphrase-file to `desc`.
void AddKeyOptions(const Globals& g, po::options_description& desc);
// The --key value or the default path.
std::string KeyPathOption(const Globals& g, const po::variables_map& vm);
std::string OptionOr(const po::variables_map& vm, const char* name, const std::string& fallback);

}  // namespace khaothi::tools
