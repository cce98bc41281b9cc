using Microsoft.AspNetCore.Http;

namespace Glyphh.Quotas.Internal;

/// <summary>Reads a request body up to a limit, whatever Content-Length claims.</summary>
internal static class QuotaBodyReader
{
    /// <summary>The body, or <see langword="null"/> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer[..total];
            }
            total += read;
        }
        return null;
    }
}
