#include "tls_stream.h"

#include <cerrno>
#include <sys/socket.h>

#include <boost/asio/ssl/error.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace khaothi::server {
namespace {

namespace net = boost::asio;
using boost::beast::error_code;

// What an OpenSSL call that returned `ret` asks for, or the error it ended with. `saved_errno` is
// errno right after the call (SSL_ERROR_SYSCALL reports through it).
TlsStream::Attempt Classify(SSL* ssl, int ret, std::size_t bytes, int saved_errno) {
  TlsStream::Attempt a;
  a.bytes = bytes;
  switch (SSL_get_error(ssl, ret)) {
    case SSL_ERROR_NONE:
      return a;
    case SSL_ERROR_WANT_READ:
      a.next = TlsStream::Next::kWaitRead;
      return a;
    case SSL_ERROR_WANT_WRITE:
      a.next = TlsStream::Next::kWaitWrite;
      return a;
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      a.ec = net::error::eof;
      return a;
    case SSL_ERROR_SYSCALL:
      // An empty error queue and no errno: the peer closed TCP without close_notify.
      a.ec = saved_errno != 0 ? error_code(saved_errno, net::error::get_system_category())
                              : error_code(net::ssl::error::stream_truncated);
      return a;
    default: {
      const unsigned long e = ERR_get_error();
      if (ERR_GET_LIB(e) == ERR_LIB_SSL &&
          ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        a.ec = net::ssl::error::stream_truncated;
      } else {
        a.ec = error_code(static_cast<int>(e), net::error::get_ssl_category());
      }
      return a;
    }
  }
}

// OpenSSL's socket BIO writes with write(2), which raises SIGPIPE when the peer has gone; a lab PC
// that loses power must not stop the server. This BIO is the socket BIO with send(MSG_NOSIGNAL)
// as its write, so the server needs no process-wide signal setting.
int SendWithoutSignal(BIO* bio, const char* data, int size) {
  int fd = -1;
  BIO_get_fd(bio, &fd);
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::send(fd, data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
    BIO_set_retry_write(bio);
  }
  return static_cast<int>(n);
}

const BIO_METHOD* SocketMethod() {
  static const BIO_METHOD* const kMethod = [] {
    const BIO_METHOD* base = BIO_s_socket();
    BIO_METHOD* m = BIO_meth_new(BIO_TYPE_SOCKET, "khaothi socket");
    if (m == nullptr) {
      return base;
    }
    BIO_meth_set_write(m, SendWithoutSignal);
    BIO_meth_set_read(m, BIO_meth_get_read(base));
    BIO_meth_set_puts(m, BIO_meth_get_puts(base));
    BIO_meth_set_ctrl(m, BIO_meth_get_ctrl(base));
    BIO_meth_set_create(m, BIO_meth_get_create(base));
    BIO_meth_set_destroy(m, BIO_meth_get_destroy(base));
    return static_cast<const BIO_METHOD*>(m);
  }();
  return kMethod;
}

}  // namespace

TlsStream::TlsStream(net::ip::tcp::socket socket, SSL_CTX* ctx) : socket_(std::move(socket)) {
  error_code ec;
  // OpenSSL reads and writes the descriptor itself: it must never block the server's threads.
  socket_.native_non_blocking(true, ec);
  if (ec) {
    return;
  }
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr) {
    return;
  }
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  BIO* bio = BIO_new(SocketMethod());
  if (bio == nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
    return;
  }
  BIO_set_fd(bio, static_cast<int>(socket_.native_handle()), BIO_NOCLOSE);
  SSL_set_bio(ssl_, bio, bio);  // the SSL object owns the BIO from here
  SSL_set_accept_state(ssl_);
}

TlsStream::~TlsStream() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
  }
}

void TlsStream::Close() {
  error_code ignored;
  socket_.close(ignored);
}

namespace {

// One OpenSSL call on `ssl`: `call(&bytes)` returns its int result. The error queue and errno are
// cleared first so that what Classify reads belongs to this call.
template <class Call>
TlsStream::Attempt TryCall(SSL* ssl, bool open, Call call) {
  if (!open || ssl == nullptr) {
    return TlsStream::Attempt{TlsStream::Next::kDone, net::error::operation_aborted, 0};
  }
  ERR_clear_error();
  errno = 0;
  std::size_t bytes = 0;
  const int ret = call(&bytes);
  return Classify(ssl, ret, bytes, errno);
}

}  // namespace

TlsStream::Attempt TlsStream::TryHandshake() {
  return TryCall(ssl_, socket_.is_open(), [this](std::size_t*) { return SSL_do_handshake(ssl_); });
}

TlsStream::Attempt TlsStream::TryRead(void* data, std::size_t size) {
  if (size == 0) {
    return Attempt{};
  }
  return TryCall(ssl_, socket_.is_open(),
                 [&](std::size_t* n) { return SSL_read_ex(ssl_, data, size, n); });
}

TlsStream::Attempt TlsStream::TryWrite(const void* data, std::size_t size) {
  if (size == 0) {
    return Attempt{};
  }
  return TryCall(ssl_, socket_.is_open(),
                 [&](std::size_t* n) { return SSL_write_ex(ssl_, data, size, n); });
}

TlsStream::Attempt TlsStream::TryShutdown() {
  if (!socket_.is_open() || ssl_ == nullptr || !SSL_is_init_finished(ssl_)) {
    return Attempt{};  // nothing to close at the TLS level
  }
  ERR_clear_error();
  errno = 0;
  const int ret = SSL_shutdown(ssl_);
  if (ret >= 0) {
    // 1: both close_notify alerts are done; 0: ours is sent. The TCP teardown follows either way.
    return Attempt{};
  }
  Attempt a = Classify(ssl_, ret, 0, errno);
  if (a.next == Next::kWaitRead) {
    a = Attempt{};  // it would wait for the peer's close_notify, which we do not need
  }
  return a;
}

void beast_close_socket(TlsStream& stream) { stream.Close(); }

void teardown(boost::beast::role_type role, TlsStream& stream, error_code& ec) {
  // Synchronous teardown is not used by the server (every close is asynchronous); do what the
  // asynchronous one does without waiting: close_notify if it goes out at once, then TCP.
  static_cast<void>(stream.TryShutdown());
  boost::beast::websocket::teardown(role, stream.socket(), ec);
}

}  // namespace khaothi::server
