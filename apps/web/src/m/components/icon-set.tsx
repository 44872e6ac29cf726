import BellOutline from 'antd-mobile-icons/es/BellOutline';
import CheckShieldOutline from 'antd-mobile-icons/es/CheckShieldOutline';
import EyeInvisibleOutline from 'antd-mobile-icons/es/EyeInvisibleOutline';
import EyeOutline from 'antd-mobile-icons/es/EyeOutline';
import FileOutline from 'antd-mobile-icons/es/FileOutline';
import FlagOutline from 'antd-mobile-icons/es/FlagOutline';
import GiftOutline from 'antd-mobile-icons/es/GiftOutline';
import GlobalOutline from 'antd-mobile-icons/es/GlobalOutline';
import HeartOutline from 'antd-mobile-icons/es/HeartOutline';
import HistogramOutline from 'antd-mobile-icons/es/HistogramOutline';
import SoundOutline from 'antd-mobile-icons/es/SoundOutline';
import StarOutline from 'antd-mobile-icons/es/StarOutline';
import TeamOutline from 'antd-mobile-icons/es/TeamOutline';
import TravelOutline from 'antd-mobile-icons/es/TravelOutline';
import UnorderedListOutline from 'antd-mobile-icons/es/UnorderedListOutline';
import UploadOutline from 'antd-mobile-icons/es/UploadOutline';
import UserAddOutline from 'antd-mobile-icons/es/UserAddOutline';
import UserOutline from 'antd-mobile-icons/es/UserOutline';

/**
 * The icons of the phone's first screens (sign-in, the frame, home), in a chunk of their own that
 * components/icon.tsx loads after those screens are drawn: their SVG paths are about a third of the
 * first screen's code, and a screen is usable before its pictures arrive.
 */
const ICONS = {
  BellOutline,
  CheckShieldOutline,
  EyeInvisibleOutline,
  EyeOutline,
  FileOutline,
  FlagOutline,
  GiftOutline,
  GlobalOutline,
  HeartOutline,
  HistogramOutline,
  SoundOutline,
  StarOutline,
  TeamOutline,
  TravelOutline,
  UnorderedListOutline,
  UploadOutline,
  UserAddOutline,
  UserOutline,
};

export type IconName = keyof typeof ICONS;

export default function IconSet({ name, className }: { name: IconName; className?: string }) {
  const Svg = ICONS[name];
  return <Svg className={className} aria-hidden="true" />;
}
