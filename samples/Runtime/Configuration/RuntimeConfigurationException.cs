namespace Glyphh.Runtime.Configuration;

/// <summary>A setting that stops start-up; <see cref="Exception.Message"/> is the one line the operator sees.</summary>
internal sealed class RuntimeConfigurationException : Exception
{
    public RuntimeConfigurationException(string setting, string message)
        : base($"{setting}: {message}") => Setting = setting;

    public RuntimeConfigurationException(string setting, string message, Exception inner)
        : base($"{setting}: {message}", inner) => Setting = setting;

    /// <summary>The setting at fault, as the operator spells it.</summary>
    public string Setting { get; }
}
