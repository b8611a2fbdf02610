import PinzhiApp
import ArgumentParser
import Configuration
print("x")
