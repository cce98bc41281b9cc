using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Posts a validation request through the named, resilient HTTP client and returns the receipt bytes or why there are none.</summary>
internal sealed class LicenseValidationClient(IHttpClientFactory httpClientFactory, IOptions<GlyphhLicensingOptions> options)
{
    public const string HttpClientName = "Glyphh.Licensing";

    private readonly Uri _endpoint = new(WithTrailingSlash(options.Value.ServerUrl), "api/v1/licenses/validate");

    public async Task<(byte[]? Receipt, string Outcome, string Detail)> SendAsync(LicenseValidationRequest request, CancellationToken cancellationToken)
    {
        using var activity = LicensingActivities.Start(LicensingActivities.Validate, System.Diagnostics.ActivityKind.Client);
        var result = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        LicensingActivities.Complete(activity, result.Outcome, result.Receipt is null ? result.Outcome : null);
        return result;
    }

    private async Task<(byte[]? Receipt, string Outcome, string Detail)> SendCoreAsync(LicenseValidationRequest request, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var content = new ByteArrayContent(request.ToUtf8Json());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, ValidationOutcomes.ServerError, $"The license server answered {(int)response.StatusCode}.");
            }

            var body = await ReadBoundedAsync(response.Content, LicenseValidationResponse.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            if (body is null || !LicenseValidationResponse.TryParse(body, out var parsed))
            {
                return (null, ValidationOutcomes.MalformedResponse, "The license server's answer is not a validation response.");
            }

            var der = new byte[parsed.Receipt.Length];
            if (!Convert.TryFromBase64String(parsed.Receipt, der, out var written))
            {
                return (null, ValidationOutcomes.MalformedResponse, "The receipt is not base64.");
            }

            return (der.AsSpan(0, written).ToArray(), ValidationOutcomes.Valid, string.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, ValidationOutcomes.NetworkError, $"The license server could not be reached ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[limit + 1];
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
