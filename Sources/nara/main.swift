import Foundation
import NaraWeb

exit(await runNara())
