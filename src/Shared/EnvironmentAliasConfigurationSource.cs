using Microsoft.Extensions.Configuration;

namespace Glyphh.Shared;

/// <summary>One deployment variable (for example <c>JWT_SECRET_KEY</c>) and the configuration key it sets.</summary>
/// <param name="Variable">The environment variable's name.</param>
/// <param name="Key">The full configuration key it sets, for example <c>Glyphh:Auth:Jwt:SecretKey</c>.</param>
/// <param name="Transform">Turns the variable's spelling into the option's (for example <c>self-hosted</c> into <c>SelfHosted</c>); <see langword="null"/> keeps it.</param>
internal sealed record EnvironmentAlias(string Variable, string Key, Func<string, string>? Transform = null);

/// <summary>
/// Maps deployment variables onto a package's configuration section, so that binding the section sees them.
/// Compiled into each package (shared source) so that every package maps its variables the same way without
/// referencing another.
/// </summary>
internal sealed class EnvironmentAliasConfigurationSource : IConfigurationSource
{
    private readonly IReadOnlyList<EnvironmentAlias> _aliases;
    private readonly Func<string, string?> _read;

    /// <param name="aliases">The variables and the keys they set.</param>
    /// <param name="read">Reads a variable; the process environment unless a test gives its own.</param>
    public EnvironmentAliasConfigurationSource(IReadOnlyList<EnvironmentAlias> aliases, Func<string, string?>? read = null)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        _aliases = aliases;
        _read = read ?? Environment.GetEnvironmentVariable;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(_aliases, _read);

    /// <summary>
    /// How a package's <c>Add*EnvironmentVariables</c> reads the variables from <paramref name="builder"/>: as top-level keys
    /// when the builder is a configuration itself (<c>WebApplicationBuilder.Configuration</c>, whose environment and
    /// command-line sources hold them; the source loads when added, so it sees the sources before it), else
    /// <see langword="null"/> for the process environment.
    /// </summary>
    public static Func<string, string?>? ReaderFor(IConfigurationBuilder builder) =>
        builder is IConfiguration configuration ? name => configuration[name] : null;

    private sealed class Provider(IReadOnlyList<EnvironmentAlias> aliases, Func<string, string?> read) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var alias in aliases)
            {
                var value = read(alias.Variable);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                value = value.Trim();
                data[alias.Key] = alias.Transform is null ? value : alias.Transform(value);
            }

            Data = data;
        }
    }
}
