using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>SHA-256 of a token, the cache key (the token itself is never kept).</summary>
internal readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D)
{
    public static TokenHash Of(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        var bytes = max <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, bytes);
            SHA256.HashData(bytes[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }

        var words = MemoryMarshal.Cast<byte, ulong>(hash);
        return new TokenHash(words[0], words[1], words[2], words[3]);
    }
}
