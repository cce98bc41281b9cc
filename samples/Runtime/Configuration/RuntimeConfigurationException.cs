using Glyphh.Samples.Hosting;

namespace Glyphh.Runtime.Configuration;

/// <summary>A runtime setting that stops start-up: the shared one-line configuration error, under the runtime's name.</summary>
internal sealed class RuntimeConfigurationException(string setting, string message, Exception? inner = null)
    : StartupConfigurationException(setting, message, inner);
