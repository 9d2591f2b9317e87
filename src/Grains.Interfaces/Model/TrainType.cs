namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// What kind of train a ticket is for, as 二(七)1 distinguishes them: an EMU (动车组列车) or any other (conventional) train.
/// Wire names <c>emu</c> and <c>conventional</c>.
/// </summary>
public enum TrainType
{
    /// <summary>An EMU train (动车组列车): first class and above is restricted, every seat on a G train.</summary>
    Emu = 1,

    /// <summary>Any other train: only soft sleepers are restricted.</summary>
    Conventional = 2,
}
