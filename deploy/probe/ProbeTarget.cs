using System.Diagnostics.CodeAnalysis;
using System.Globalization;

/// <summary>Turns the probe's argument into the URL to check: a path goes to 127.0.0.1 on PORT; a full URL is used as is.</summary>
internal static class ProbeTarget
{
    public static bool TryResolve(string target, string? port, [NotNullWhen(true)] out Uri? uri, out string? error)
    {
        uri = null;
        error = null;
        if (target.StartsWith('/'))
        {
            var p = string.IsNullOrEmpty(port) ? "8000" : port;
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 65535)
            {
                error = $"invalid PORT '{p}': expected 1-65535";
                return false;
            }

            uri = new Uri($"http://127.0.0.1:{n}{target}");
            return true;
        }

        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            uri = absolute;
            return true;
        }

        error = $"invalid target '{target}': expected a path like /health or an http(s) URL";
        return false;
    }
}
