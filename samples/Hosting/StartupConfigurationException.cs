namespace Glyphh.Samples.Hosting;

/// <summary>A setting that stops start-up; <see cref="Exception.Message"/> is the one line the operator reads.</summary>
public class StartupConfigurationException : Exception
{
    /// <summary>Names the setting at fault and says what is wrong with it; the message is <c>SETTING: message</c>.</summary>
    public StartupConfigurationException(string setting, string message, Exception? inner = null)
        : base($"{setting}: {message}", inner) => Setting = setting;

    /// <summary>The setting at fault, as the operator spells it.</summary>
    public string Setting { get; }
}
