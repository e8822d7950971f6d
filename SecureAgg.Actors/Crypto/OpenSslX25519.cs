using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SecureAgg.Crypto;

/// <summary>
/// X25519 through OpenSSL's libcrypto (EVP_PKEY API), about twice as fast as the managed BouncyCastle code. On Linux
/// this is the same libcrypto that .NET itself loads for System.Security.Cryptography, but .NET exposes no X25519.
/// Bound with <see cref="NativeLibrary"/> function pointers so a missing or unusable library means
/// <see cref="IsAvailable"/> is false (callers fall back to BouncyCastle), never a load-time exception; that includes
/// a 1.1 libcrypto, which lacks the OpenSSL 3 calls used here.
/// Thread-safe: every call creates and frees its own native objects, and OpenSSL 3 is thread-safe.
/// </summary>
internal static unsafe class OpenSslX25519
{
    /// <summary>Set to "bouncycastle" to keep libcrypto out of the process and force the managed fallback.</summary>
    public const string BackendVariable = "SECAGG_X25519";

    private const int KeySize = 32;
    private const int NidX25519 = 1034;
    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so"];

    // EVP_PKEY *EVP_PKEY_new_raw_{private,public}_key(int type, ENGINE *e, const unsigned char *key, size_t len)
    private static readonly delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> s_newRawPrivateKey;
    private static readonly delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> s_newRawPublicKey;
    // int EVP_PKEY_get_raw_public_key(const EVP_PKEY *pkey, unsigned char *pub, size_t *len)
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint*, int> s_getRawPublicKey;
    // EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_name(OSSL_LIB_CTX *libctx, const char *name, const char *propquery)
    private static readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> s_ctxNewFromName;
    // int EVP_PKEY_fromdata_init(EVP_PKEY_CTX *ctx)
    private static readonly delegate* unmanaged<IntPtr, int> s_fromDataInit;
    // int EVP_PKEY_fromdata(EVP_PKEY_CTX *ctx, EVP_PKEY **ppkey, int selection, OSSL_PARAM params[])
    private static readonly delegate* unmanaged<IntPtr, IntPtr*, int, OsslParam*, int> s_fromData;
    // EVP_PKEY_CTX *EVP_PKEY_CTX_new(EVP_PKEY *pkey, ENGINE *e)
    private static readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> s_ctxNew;
    // int EVP_PKEY_derive_init(EVP_PKEY_CTX *ctx)
    private static readonly delegate* unmanaged<IntPtr, int> s_deriveInit;
    // int EVP_PKEY_derive_set_peer_ex(EVP_PKEY_CTX *ctx, EVP_PKEY *peer, int validate_peer)
    private static readonly delegate* unmanaged<IntPtr, IntPtr, int, int> s_deriveSetPeer;
    // int EVP_PKEY_derive(EVP_PKEY_CTX *ctx, unsigned char *key, size_t *keylen)
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint*, int> s_derive;
    // void EVP_PKEY_CTX_free(EVP_PKEY_CTX *ctx), void EVP_PKEY_free(EVP_PKEY *pkey)
    private static readonly delegate* unmanaged<IntPtr, void> s_ctxFree;
    private static readonly delegate* unmanaged<IntPtr, void> s_pkeyFree;
    // void ERR_clear_error(void): a refused key leaves entries on the thread's error queue, which .NET shares.
    private static readonly delegate* unmanaged<void> s_errClearError;

    /// <summary>OpenSSL 3's OSSL_PARAM (core.h): key, data_type, data, data_size, return_size.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;

        public static OsslParam OctetString(byte* key, byte* data, int size) =>
            new() { Key = key, DataType = OsslParamOctetString, Data = data, DataSize = (nuint)size, ReturnSize = nuint.MaxValue };
    }

    private const uint OsslParamOctetString = 5; // OSSL_PARAM_OCTET_STRING
    private const int EvpPkeyKeyPair = 0x87; // EVP_PKEY_KEYPAIR: private + public key + all parameters

    static OpenSslX25519()
    {
        if (string.Equals(Environment.GetEnvironmentVariable(BackendVariable)?.Trim(), "bouncycastle", StringComparison.OrdinalIgnoreCase))
            return;
        foreach (var name in LibraryNames)
        {
            // A bare soname resolves through the dynamic loader exactly as .NET's own OpenSSL shim does.
            if (!NativeLibrary.TryLoad(name, out var lib))
                continue;
            if (NativeLibrary.TryGetExport(lib, "EVP_PKEY_new_raw_private_key", out var newRawPrivateKey)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_new_raw_public_key", out var newRawPublicKey)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_get_raw_public_key", out var getRawPublicKey)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_new_from_name", out var ctxNewFromName)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_fromdata_init", out var fromDataInit)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_fromdata", out var fromData)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_new", out var ctxNew)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_derive_init", out var deriveInit)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_derive_set_peer_ex", out var deriveSetPeer)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_derive", out var derive)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_CTX_free", out var ctxFree)
                && NativeLibrary.TryGetExport(lib, "EVP_PKEY_free", out var pkeyFree)
                && NativeLibrary.TryGetExport(lib, "ERR_clear_error", out var errClearError))
            {
                s_newRawPrivateKey = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)newRawPrivateKey;
                s_newRawPublicKey = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)newRawPublicKey;
                s_getRawPublicKey = (delegate* unmanaged<IntPtr, byte*, nuint*, int>)getRawPublicKey;
                s_ctxNewFromName = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)ctxNewFromName;
                s_fromDataInit = (delegate* unmanaged<IntPtr, int>)fromDataInit;
                s_fromData = (delegate* unmanaged<IntPtr, IntPtr*, int, OsslParam*, int>)fromData;
                s_ctxNew = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)ctxNew;
                s_deriveInit = (delegate* unmanaged<IntPtr, int>)deriveInit;
                s_deriveSetPeer = (delegate* unmanaged<IntPtr, IntPtr, int, int>)deriveSetPeer;
                s_derive = (delegate* unmanaged<IntPtr, byte*, nuint*, int>)derive;
                s_ctxFree = (delegate* unmanaged<IntPtr, void>)ctxFree;
                s_pkeyFree = (delegate* unmanaged<IntPtr, void>)pkeyFree;
                s_errClearError = (delegate* unmanaged<void>)errClearError;
                if (PassesKnownAnswers())
                {
                    IsAvailable = true;
                    return; // the library stays loaded for the life of the process
                }
            }
            NativeLibrary.Free(lib);
        }
    }

    /// <summary>True when libcrypto loaded, exports everything needed and reproduced the RFC 7748 vectors.</summary>
    public static bool IsAvailable { get; }

    /// <summary>
    /// Raw X25519 shared secret. False on any failure: wrong lengths, OpenSSL refusing the peer key, or an all-zero
    /// result (low-order peer point), which is checked here as well rather than trusted to the library version.
    /// </summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> shared)
    {
        if (!IsAvailable || privateKey.Length != KeySize || peerPublicKey.Length != KeySize || shared.Length != KeySize)
            return false;
        return Agree(privateKey, peerPublicKey, shared);
    }

    /// <summary>The public key X25519(k, 9) for a 32-byte private key.</summary>
    public static bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (!IsAvailable || privateKey.Length != KeySize || publicKey.Length != KeySize)
            return false;
        return PublicKey(privateKey, publicKey);
    }

    private static bool Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> shared)
    {
        IntPtr own = 0, peer = 0, ctx = 0;
        var ok = false;
        try
        {
            fixed (byte* sk = privateKey)
            fixed (byte* pk = peerPublicKey)
            fixed (byte* output = shared)
            {
                own = ImportForDerive(sk, pk);
                if (own == 0)
                    return false;
                peer = s_newRawPublicKey(NidX25519, 0, pk, KeySize);
                if (peer == 0)
                    return false;
                ctx = s_ctxNew(own, 0);
                // validate_peer = 0: for X25519 OpenSSL's check is only "has a public key", yet it builds a second
                // context to run it. Low-order peers are caught by derive and by the all-zero test below.
                if (ctx == 0 || s_deriveInit(ctx) != 1 || s_deriveSetPeer(ctx, peer, 0) != 1)
                    return false;
                nuint length = KeySize;
                if (s_derive(ctx, output, &length) != 1 || length != KeySize)
                    return false;
            }
            ok = !IsAllZero(shared);
            return ok;
        }
        finally
        {
            if (ctx != 0)
                s_ctxFree(ctx);
            if (peer != 0)
                s_pkeyFree(peer);
            if (own != 0)
                s_pkeyFree(own);
            if (!ok)
            {
                CryptographicOperations.ZeroMemory(shared);
                s_errClearError();
            }
        }
    }

    /// <summary>
    /// Imports the private key for derivation only. Given a private key alone (EVP_PKEY_new_raw_private_key),
    /// OpenSSL computes its public key, a base-point multiplication as costly as the agreement itself, which
    /// derive never reads: it uses only our scalar and the peer's u. Supplying a public half skips that, so the
    /// peer's key stands in. The object is freed before returning, and the start-up known answers run this path.
    /// </summary>
    private static IntPtr ImportForDerive(byte* privateKey, byte* standInPublicKey)
    {
        var ctx = IntPtr.Zero;
        try
        {
            fixed (byte* name = "X25519\0"u8)
            fixed (byte* priv = "priv\0"u8)
            fixed (byte* pub = "pub\0"u8)
            {
                ctx = s_ctxNewFromName(0, name, null);
                if (ctx == 0 || s_fromDataInit(ctx) != 1)
                    return 0;
                var parameters = stackalloc OsslParam[3];
                parameters[0] = OsslParam.OctetString(priv, privateKey, KeySize);
                parameters[1] = OsslParam.OctetString(pub, standInPublicKey, KeySize);
                parameters[2] = default; // OSSL_PARAM_END
                IntPtr key = 0;
                return s_fromData(ctx, &key, EvpPkeyKeyPair, parameters) == 1 ? key : 0;
            }
        }
        finally
        {
            if (ctx != 0)
                s_ctxFree(ctx);
        }
    }

    private static bool PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        IntPtr own = 0;
        var ok = false;
        try
        {
            fixed (byte* sk = privateKey)
            fixed (byte* output = publicKey)
            {
                own = s_newRawPrivateKey(NidX25519, 0, sk, KeySize);
                if (own == 0)
                    return false;
                nuint length = KeySize;
                ok = s_getRawPublicKey(own, output, &length) == 1 && length == KeySize;
                return ok;
            }
        }
        finally
        {
            if (own != 0)
                s_pkeyFree(own);
            if (!ok)
            {
                publicKey.Clear();
                s_errClearError();
            }
        }
    }

    /// <summary>Constant-time: the input is a secret.</summary>
    private static bool IsAllZero(ReadOnlySpan<byte> value)
    {
        var acc = 0;
        foreach (var b in value)
            acc |= b;
        return acc == 0;
    }

    /// <summary>
    /// Proves the bound functions really compute X25519 before anything relies on them: RFC 7748 §5.2's first
    /// scalar-multiplication vector, and §6.1's Alice key pair for public-key derivation.
    /// </summary>
    private static bool PassesKnownAnswers()
    {
        try
        {
            Span<byte> output = stackalloc byte[KeySize];
            if (!Agree(Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                       Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"), output)
                || !output.SequenceEqual(Convert.FromHexString("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")))
                return false;
            return PublicKey(Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), output)
                && output.SequenceEqual(Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
